"""Reading uploaded tables (CSV in UTF-8 or GBK, XLSX) as rows of strings with their line numbers."""

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from server.operations.core.errors import DomainError

MAX_ROWS = 200_000


def read_table(stream, filename):
    """[(line number, {header: text})] for a .csv or .xlsx file; headers lower-cased and stripped."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(stream)
    elif name.endswith(".csv"):
        rows = _csv_rows(stream.read())
    else:
        raise DomainError("只支持 .csv 或 .xlsx 文件")
    try:
        header = [str(h or "").strip().lower() for h in next(rows)]
    except StopIteration:
        raise DomainError("文件是空的") from None
    table = []
    for line, values in enumerate(rows, start=2):
        cells = [_text(v) for v in values]
        if any(cells):
            table.append((line, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))))
        if len(table) > MAX_ROWS:
            raise DomainError(f"文件超过 {MAX_ROWS} 行，请拆分后导入")
    return header, table


def _csv_rows(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")
    return iter(csv.reader(io.StringIO(text)))


def _xlsx_rows(stream):
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise DomainError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from exc
    return workbook.worksheets[0].iter_rows(values_only=True)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
