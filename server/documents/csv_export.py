"""CSV files for people to open in Excel or WPS, where typed text never becomes a formula.

An XLSX file says a cell is text (server/documents/xlsx_stream.py writes inline strings); a CSV file cannot,
and a spreadsheet reads `=HYPERLINK(...)`, `+1-2`, `@SUM(...)` or `-2+3` typed as a station's name
as a formula to run. Such text gets a leading apostrophe, which makes the cell text (OWASP's advice
for CSV injection); numbers stay numbers.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """`value` as a CSV cell: None is empty, numbers as they are, text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header, rows):
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese from a CSV file."""
    text = io.StringIO()
    writer = csv.writer(text)
    for row in (header, *rows):
        writer.writerow([text_cell(value) for value in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")
