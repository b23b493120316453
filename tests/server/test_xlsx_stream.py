"""The streamed workbook: Excel's format as openpyxl reads it back, and bytes before the last row."""

import io
import zipfile
from itertools import count

from openpyxl import load_workbook

from server.documents.xlsx_stream import xlsx_chunks


def read(chunks):
    return load_workbook(io.BytesIO(b"".join(chunks)))


def test_a_workbook_reads_back_with_its_header_text_and_numbers():
    rows = [
        ("2026-0000001", "=HYPERLINK(1)", 3, None, "a < b & c"),
        ("2026-0000002", "行\x0b二", 0.5, "", ""),
    ]
    book = read(xlsx_chunks("诉求台账", ("编号", "内容", "级别", "空", "备注"), rows))
    sheet = book["诉求台账"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["编号", "内容", "级别", "空", "备注"],
        ["2026-0000001", "=HYPERLINK(1)", 3, None, "a < b & c"],
        ["2026-0000002", "行_x000B_二", 0.5, None, None],  # Excel reads back \x0b, which XML cannot hold
    ]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["B2"].data_type == "s"  # what someone typed stays text, never a formula


def test_text_that_looks_like_excels_own_escape_is_escaped_itself():
    """Typed "_x0041_" would read back as "A" in Excel; its underscore is escaped as xlsxwriter does."""
    data = b"".join(xlsx_chunks("台账", ("备注",), [("编号_x0041_", "长" * 40_000)]))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "编号_x005F_x0041_" in sheet and "长" * 32_767 + "<" in sheet and "长" * 32_768 not in sheet


def test_a_sheet_name_excel_would_refuse_is_mended():
    assert read(xlsx_chunks("台账[2026/12]", ("a",), [])).sheetnames == ["台账_2026_12_"]
    assert read(xlsx_chunks("长" * 40, ("a",), [])).sheetnames == ["长" * 31]


def test_the_first_bytes_leave_before_the_rows_are_all_read():
    pulled, total = count(), 50_000

    def rows():
        for n in range(total):
            next(pulled)
            yield (f"2026-{n:07d}", "家中困难，申请临时救助", n)

    chunks, sent = iter(xlsx_chunks("台账", ("编号", "内容", "序号"), rows())), []
    while sum(map(len, sent)) < 64 * 1024:
        sent.append(next(chunks))
    assert sent[0].startswith(b"PK") and next(pulled) < total / 2  # 64 kB out, most rows not yet read
    sheet = load_workbook(io.BytesIO(b"".join([*sent, *chunks])), read_only=True)["台账"]
    assert sum(1 for _ in sheet.iter_rows()) == total + 1
