"""诉求台账: the queue's filter as an XLSX file, streamed to the browser as its rows are read.

Names are there (the ledger is for the station's own work) but never an ID number or a phone.
"""

from flask import request
from flask_login import current_user
from sqlalchemy import select

from models import RequestCategory, ServiceRequest, Staff, Station, db
from models.request import CHANNEL_NAMES, RATINGS, TRACK_NAMES, state_name
from server.console import bp, texts
from server.console.helpers import CappedPage, actor, send_ledger
from server.operations.core import audit
from server.operations.core.access import require
from server.operations.service_requests.queries import RequestFilter, search_requests
from server.timezone import local

BATCH = 1000
ROW_CAP = 200_000  # beyond this a spreadsheet is no longer read; the filter should be narrowed
EXPORTED = (  # what _row reads
    "number", "created_at", "person_name", "category_id", "track", "channel", "station_id", "assignee_id",
    "state", "review_round", "respond_due_on", "due_on", "escalation_level", "rating",
)  # fmt: skip


@bp.get("/requests/export.xlsx")
def export_requests():
    """The filtered queue as a spreadsheet, streamed as it is read; audited (with its count) first."""
    require(current_user, "requests.handle")
    filters = RequestFilter.from_args(request.args)
    statement = search_requests(current_user, filters)
    found = db.session.scalar(CappedPage.count_query(statement, ROW_CAP))
    audit.record(
        actor(),
        "requests.export",
        station_id=current_user.station_id,
        rows=min(found, ROW_CAP),
        capped=found > ROW_CAP,
        filters=filters.as_args(),
    )
    db.session.commit()
    return send_ledger(texts.REQUESTS_LEDGER, texts.REQUESTS_LEDGER_COLUMNS, request_rows(statement, ROW_CAP))


def request_rows(statement, cap):
    """The ledger's rows of the requests `statement` selects, at most `cap` of them, then a line
    saying it was cut short if it was.

    Plain tuples of the exported columns come from a server-side cursor in batches (no ORM objects
    for the session to keep); names of categories, stations and staff are looked up once."""
    names = _names()
    exported = (getattr(ServiceRequest, name) for name in EXPORTED)
    columns = statement.with_only_columns(*exported).limit(cap + 1)  # one more tells it was capped
    result = db.session.execute(columns.execution_options(yield_per=BATCH))
    try:
        for n, row in enumerate(result):
            if n == cap:
                yield (texts.REQUESTS_LEDGER_CAPPED.format(cap=cap),)
                break
            yield _row(row, names)
    finally:  # also when the download is abandoned halfway
        result.close()


def _names():
    """Category, station and staff names by id. Staff and stations only of the exporter's tree
    would do, but a network's few thousand names cost less than a join on every row."""
    categories = dict(db.session.execute(select(RequestCategory.id, RequestCategory.name)).all())
    stations = dict(db.session.execute(select(Station.id, Station.name)).all())
    staff = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    return categories, stations, staff


def _row(row, names):
    categories, stations, staff = names
    return (
        row.number,
        local(row.created_at).strftime("%Y-%m-%d %H:%M"),
        row.person_name or "",
        categories.get(row.category_id, ""),
        TRACK_NAMES.get(row.track, row.track),
        CHANNEL_NAMES.get(row.channel, row.channel),
        stations.get(row.station_id, ""),
        staff.get(row.assignee_id, "") if row.assignee_id else "",
        state_name(row.state, row.review_round),
        _date(row.respond_due_on),
        _date(row.due_on),
        row.escalation_level or 0,
        RATINGS.get(row.rating, "") if row.rating else "",
    )


def _date(value):
    return value.isoformat() if value else ""
