import csv
import io

import pytest

from server.documents.csv_export import csv_bytes, text_cell


@pytest.mark.parametrize(
    "typed", ["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
)
def test_text_a_spreadsheet_would_run_is_written_as_text(typed):
    assert text_cell(typed) == "'" + typed


@pytest.mark.parametrize("value", ["甲一街道站", "09-28起", "66.7%", "—", 3, -2, 1.5])
def test_other_text_and_numbers_stay_as_they_are(value):
    assert text_cell(value) == value


def test_a_file_excel_opens_as_utf_8_and_reads_back_cell_for_cell():
    data = csv_bytes(("站点", "未办结"), [("=1+1", 4), ("甲区, 中心", None)])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["站点", "未办结"], ["'=1+1", "4"], ["甲区, 中心", ""]]
