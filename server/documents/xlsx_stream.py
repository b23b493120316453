"""A one-sheet XLSX workbook produced as bytes while its rows are still being read, so a download
starts at once and memory stays flat however many rows follow.

stream-zip writes the ZIP as it goes (sizes after each part's data); this writes the five small XML
parts a workbook needs and the sheet, row by row, as inline strings and numbers. A header row in
bold; what people typed is text, never a formula; characters XML cannot hold are written the way
Excel reads them back (_x000B_, and _x005F_ before a typed "_x000B_").
"""

import functools
import re
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from stream_zip import ZIP_32, stream_zip

from server.timezone import LOCAL

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOCUMENT}/styles" Target="styles.xml"/></Relationships>'
)
STYLES = (  # style 0 plain, style 1 bold
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")  # typed as such, Excel would read it as the character
CELL_LIMIT = 32_767  # characters Excel holds in a cell
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
ROWS_PER_CHUNK = 200  # rows of XML handed to the ZIP at a time


def xlsx_chunks(title, header, rows, column_width=16):
    """The bytes of a workbook whose one sheet, named `title`, holds `header` in bold, then `rows`
    (tuples of str, int or float; None is an empty cell), pulled one at a time as the bytes are."""
    modified = datetime.now(LOCAL).replace(tzinfo=None)
    parts = (
        ("[Content_Types].xml", (CONTENT_TYPES.encode(),)),
        ("_rels/.rels", (PACKAGE_RELS.encode(),)),
        ("xl/workbook.xml", (_workbook(title).encode(),)),
        ("xl/_rels/workbook.xml.rels", (WORKBOOK_RELS.encode(),)),
        ("xl/styles.xml", (STYLES.encode(),)),
        ("xl/worksheets/sheet1.xml", _sheet(header, rows, column_width)),
    )
    return stream_zip((name, modified, 0o600, ZIP_32, chunks) for name, chunks in parts)


def _workbook(title):
    name = SHEET_NAME_FORBIDDEN.sub("_", title)[:31] or "Sheet1"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}"><sheets>'
        f'<sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet(header, rows, column_width):
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        f'<cols><col min="1" max="{len(header)}" width="{column_width}" customWidth="1"/></cols>'
        f"<sheetData>{_row(1, header, bold=True)}"
    ).encode()
    batch = []
    for number, row in enumerate(rows, start=2):
        batch.append(_row(number, row))
        if len(batch) == ROWS_PER_CHUNK:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + "</sheetData></worksheet>").encode()


def _row(number, values, bold=False):
    style = ' s="1"' if bold else ""
    cells = "".join(
        _cell(f"{_column_letters(n)}{number}", value, style)
        for n, value in enumerate(values)
        if value not in (None, "")
    )
    return f'<row r="{number}">{cells}</row>'


def _cell(reference, value, style):
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float):
        return f'<c r="{reference}"{style}><v>{value}</v></c>'
    text = EXCEL_ESCAPE.sub(lambda m: f"_x005F{m.group()}", str(value)[:CELL_LIMIT])
    text = NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", escape(text))
    return f'<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


@functools.cache
def _column_letters(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
