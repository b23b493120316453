"""统计: the dashboard of requests in the user's scope over a period (default the last 12 weeks).

The server renders every figure as a table; dashboard.js draws each chart from its table with the
ECharts served from static/vendor, so a village PC without JavaScript (or still loading it) shows
every number. Each table downloads as CSV or XLSX.
"""

import csv
import io

import xlsxwriter
from flask import abort, render_template, request, send_file
from flask_login import current_user

from server.console import bp
from server.console.dashboard_tables import chart_tables
from server.console.helpers import XLSX
from server.console.nav import replace_nav
from server.operations.access import require
from server.operations.errors import DomainError
from server.operations.request_deadlines import today
from server.operations.request_stats import Period, request_stats

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
}
replace_nav("统计", "console.dashboard", "requests.handle")


@bp.get("/dashboard")
def dashboard():
    require(current_user, "requests.handle")
    day = today()
    try:
        period, error = _period(day), None
    except DomainError as refused:
        period, error = Period.last_weeks(day), refused.message
    stats = request_stats(current_user, period, day=day)
    page = render_template(
        "console/dashboard.html",
        stats=stats,
        tables=chart_tables(stats),
        error=error,
        start=request.args.get("start", period.start.isoformat())[:10],
        end=request.args.get("end", period.end.isoformat())[:10],
    )
    return page, 400 if error else 200


@bp.get("/dashboard/export")
def export_dashboard():
    """One chart's table as a file; its name says the scope's station, the chart and the period."""
    require(current_user, "requests.handle")
    chart, kind = request.args.get("chart", ""), request.args.get("format", "")
    if kind not in FORMATS:
        abort(404)
    day = today()
    period = _period(day)
    tables = {t.key: t for t in chart_tables(request_stats(current_user, period, day=day))}
    if chart not in tables:
        abort(404)
    table = tables[chart]
    data = _csv(table) if kind == "csv" else _xlsx(table)
    name = f"{current_user.station.name}-{table.title}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"
    return send_file(io.BytesIO(data), mimetype=FORMATS[kind], download_name=name, as_attachment=True)


def _period(day):
    return Period.parse(request.args.get("start", "").strip(), request.args.get("end", "").strip(), day)


def _cells(table):
    return [table.header, *([("" if v is None else v) for v in row] for row in table.rows)]


def _csv(table):
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese from a CSV file."""
    text = io.StringIO()
    csv.writer(text).writerows(_cells(table))
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _xlsx(table):
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(table.title[:31])
    bold = workbook.add_format({"bold": True})
    for row, cells in enumerate(_cells(table)):
        sheet.write_row(row, 0, cells, bold if row == 0 else None)
    if table.note:
        sheet.write(len(table.rows) + 2, 0, table.note)
    sheet.set_column(0, 0, 24)
    workbook.close()
    return out.getvalue()
