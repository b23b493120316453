"""统计: the dashboard of requests in the user's scope over a period (default the last 12 weeks).

The server renders every figure as a table; dashboard.js draws each chart from its table with the
ECharts served from static/vendor, so a village PC without JavaScript (or still loading it) shows
every number. Each table downloads as CSV or XLSX, written as the ledgers are: names people typed
(a station's) stay text, never a formula.
"""

import io

from flask import abort, render_template, request, send_file
from flask_login import current_user

from server.console import bp
from server.console.appointments.dashboard_tables import booking_tables
from server.console.helpers import XLSX
from server.console.service_requests.dashboard_tables import chart_tables
from server.documents.csv_export import csv_bytes
from server.documents.xlsx_stream import xlsx_chunks
from server.operations.appointments.stats import booking_stats
from server.operations.core.access import require
from server.operations.core.errors import DomainError
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.stats import Period, request_stats

BOOKING_CHARTS = ("booking_", "no_show", "slot_fill")  # the keys of the appointment tables
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
}


@bp.get("/dashboard")
def dashboard():
    require(current_user, "requests.handle")
    day = today()
    try:
        period, error = _period(day), None
    except DomainError as refused:
        period, error = Period.last_weeks(day), refused.message
    stats, bookings = request_stats(current_user, period, day=day), booking_stats(current_user, period)
    page = render_template(
        "console/dashboard.html",
        stats=stats,
        tables=chart_tables(stats),
        bookings=bookings,
        booking_tables=booking_tables(bookings),
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
    if chart.startswith(BOOKING_CHARTS):
        found = booking_tables(booking_stats(current_user, period))
    else:
        found = chart_tables(request_stats(current_user, period, day=day))
    tables = {t.key: t for t in found}
    if chart not in tables:
        abort(404)
    table = tables[chart]
    data = _csv(table) if kind == "csv" else _xlsx(table)
    name = f"{current_user.station.name}-{table.title}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"
    return send_file(io.BytesIO(data), mimetype=FORMATS[kind], download_name=name, as_attachment=True)


def _period(day):
    return Period.parse(request.args.get("start", "").strip(), request.args.get("end", "").strip(), day)


def _csv(table):
    return csv_bytes(table.header, table.rows)


def _xlsx(table):
    """The table, then its note two rows below it."""
    rows = [*table.rows, (), (table.note,)] if table.note else table.rows
    return b"".join(xlsx_chunks(table.title, table.header, rows, column_width=24))
