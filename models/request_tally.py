"""The dashboard's daily tally: per station and Asia/Shanghai day, the requests filed, answered,
resolved, closed and rated there, and the working days their answers and resolutions took.

A request counts at its own station and at every station above it, so a scope's figures over a
period are read from at most 732 rows of one station, however large its subtree. What a request
counts for is defined once, in SQL (`_contributions`), and always read from the database:

- before a transaction's first flush that changes a counted column of a request (or deletes it),
  the request's row is locked and what it counts for is noted;
- when the transaction commits, what its requests count for now, less what was noted, is added to
  the tally in one statement, its rows in one order, so writers hold the tally's hot rows (the city,
  today) only while they commit and never wait on each other in a circle. A savepoint rolled back
  changes nothing: the rows are read as they stand at the commit.

So the tally is always the sum over the requests as they are. `rebuild_tallies` computes it from
scratch (after a bulk load, or when stations move in the tree).
"""

import functools
from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    bindparam,
    case,
    func,
    inspect,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import FunctionElement

from models import db
from models.request import OPEN_STATES, RATINGS, ServiceRequest
from models.station import LEVELS, Station, path_ids
from models.types import BigId

NOTED = "request_tally_noted"  # session.info: {request id: what it counted for before this transaction}
# A change to one of these moves a request's contributions.
COUNTED_COLUMNS = (
    "station_id", "state", "created_at", "first_responded_at", "response_days", "resolved_at",
    "resolution_days", "resolved_due_on", "closed_at", "rating", "rated_at",
)  # fmt: skip


class local_day(FunctionElement):  # noqa: N801 - used like the SQL function it compiles to
    """The Asia/Shanghai date of a stored (naive UTC) timestamp, computed by the database. Shanghai
    has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_day_postgresql(element, compiler, **kw):
    return f"CAST(({compiler.process(element.clauses, **kw)} + INTERVAL '8 hours') AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


class RequestDayTally(db.Model):
    __tablename__ = "request_day_tally"

    station_id: Mapped[int] = mapped_column(BigId, ForeignKey("station.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    filed: Mapped[int] = mapped_column(default=0)
    responded: Mapped[int] = mapped_column(default=0)
    response_days: Mapped[int] = mapped_column(default=0)  # working days filing → first answer, summed
    resolved: Mapped[int] = mapped_column(default=0)
    resolution_days: Mapped[int] = mapped_column(default=0)  # working days filing → resolution, summed
    judged: Mapped[int] = mapped_column(default=0)  # resolved with a deadline in force
    late: Mapped[int] = mapped_column(default=0)  # of those, resolved after it
    closed: Mapped[int] = mapped_column(default=0)  # left the open states: resolved, or closed unresolved
    rated_satisfied: Mapped[int] = mapped_column(default=0)
    rated_fair: Mapped[int] = mapped_column(default=0)
    rated_unsatisfied: Mapped[int] = mapped_column(default=0)


COUNTS = tuple(c.name for c in RequestDayTally.__table__.columns if not c.primary_key)


def _contributions(where):
    """(request_id, station_id, day, *COUNTS) of the requests matching `where`, at their own station."""
    r = ServiceRequest
    left = r.state.not_in(OPEN_STATES)

    def part(moment, condition, **counts):
        values = {name: counts.get(name, 0) for name in COUNTS}
        columns = ((literal_column(str(v)) if isinstance(v, int) else v).label(n) for n, v in values.items())
        return select(r.id.label("request_id"), r.station_id, local_day(moment).label("day"), *columns).where(
            where, condition
        )

    def one_if(condition):
        return case((condition, 1), else_=0)

    return union_all(
        part(r.created_at, r.created_at.is_not(None), filed=1),
        part(
            r.first_responded_at,
            r.first_responded_at.is_not(None),
            responded=1,
            response_days=func.coalesce(r.response_days, 0),
        ),
        part(
            r.resolved_at,
            left & r.resolved_at.is_not(None),
            resolved=1,
            resolution_days=func.coalesce(r.resolution_days, 0),
            judged=one_if(r.resolved_due_on.is_not(None)),
            late=one_if(local_day(r.resolved_at) > r.resolved_due_on),
            closed=1,
        ),
        part(r.closed_at, left & r.resolved_at.is_(None) & r.closed_at.is_not(None), closed=1),
        *(
            part(r.rated_at, (r.rating == rating) & r.rated_at.is_not(None), **{f"rated_{rating}": 1})
            for rating in RATINGS
        ),
    ).subquery()


def _adding(session, rows=None):
    """An INSERT adding into the tally's rows: of the select `rows` (station_id, day, *COUNTS), or of
    the parameters it is executed with; one row per key."""
    table, name = RequestDayTally.__table__, session.get_bind().dialect.name
    insert = (postgresql if name == "postgresql" else sqlite).insert(table)
    if rows is not None:
        insert = insert.from_select(["station_id", "day", *COUNTS], rows)
    return insert.on_conflict_do_update(
        index_elements=["station_id", "day"], set_={n: table.c[n] + insert.excluded[n] for n in COUNTS}
    )


def _counted(session, ids):
    """What requests `ids` count for now: {request id: [(station id, day, *COUNTS)]}, at every
    station of their path."""
    counted = {i: [] for i in ids}
    for request_id, path, day, *counts in session.execute(_contributions_with_paths(), {"ids": list(ids)}):
        counted[request_id] += [(station, day, *counts) for station in path_ids(path)]
    return counted


def _add_difference(session, now, before):
    totals = {}
    for sign, counted in ((1, now), (-1, before)):
        for rows in counted.values():
            for station_id, day, *counts in rows:
                total = totals.setdefault((station_id, day), [0] * len(COUNTS))
                for n, count in enumerate(counts):
                    total[n] += sign * count
    changed = sorted(key for key, total in totals.items() if any(total))  # one order of row locks
    if changed:
        rows = [
            {"station_id": s, "day": d, **dict(zip(COUNTS, totals[s, d], strict=True))} for s, d in changed
        ]
        session.execute(_adding(session), rows)


@functools.cache
def _contributions_with_paths():
    """Built once: constructing the union costs more than running it for a few requests."""
    rows, station = _contributions(ServiceRequest.id.in_(bindparam("ids", expanding=True))), Station.__table__
    return select(rows.c.request_id, station.c.path, rows.c.day, *(rows.c[n] for n in COUNTS)).join(
        station, station.c.id == rows.c.station_id
    )


def rebuild_tallies(session):
    """The whole tally from the requests: each station's own, then rolled up level by level. On
    PostgreSQL writers wait meanwhile, so none is counted both by the rebuild and by its own commit."""
    tally, station = RequestDayTally.__table__, Station.__table__
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE request_day_tally IN SHARE ROW EXCLUSIVE MODE"))
    session.execute(tally.delete())
    rows = _contributions(ServiceRequest.id.is_not(None))
    session.execute(_adding(session, _summed(rows, rows.c.station_id, rows.c.day, rows.c)))
    for level in reversed(LEVELS[1:]):
        at_level = (station.c.id == tally.c.station_id) & (station.c.level == level)
        children = tally.join(station, at_level & station.c.parent_id.is_not(None))  # a top has no parent
        session.execute(_adding(session, _summed(children, station.c.parent_id, tally.c.day, tally.c)))
    session.info[NOTED] = {}  # counted as they stand: later changes are noted afresh


def _summed(source, station_id, day, counts):
    """`counts` of `source` summed per (station_id, day)."""
    return (
        select(station_id, day, *(func.sum(counts[n]) for n in COUNTS))
        .select_from(source)
        .where(day.is_not(None))  # also what SQLite's parser needs before ON CONFLICT
        .group_by(station_id, day)
        .order_by(station_id, day)
    )


def _counted_change(request):
    attributes = inspect(request).attrs  # `station` too: set alone, station_id follows only in the flush
    return any(attributes[name].history.has_changes() for name in (*COUNTED_COLUMNS, "station"))


def _note_before_the_first_change(session, _context, _instances):
    noted = session.info.setdefault(NOTED, {})
    changing = [
        o.id
        for o in (*session.dirty, *session.deleted)
        if isinstance(o, ServiceRequest)
        and o.id not in noted
        and (o in session.deleted or _counted_change(o))
    ]
    if changing:
        # Locked first, so that what is noted is the row as it stands, not as another transaction
        # (committing meanwhile) leaves it; the lock is held to the commit.
        requests = ServiceRequest.__table__
        locking = select(requests.c.id).where(requests.c.id.in_(changing)).order_by(requests.c.id)
        session.execute(locking.with_for_update())
        noted.update(_counted(session, changing))


def _note_new_requests(session, _context):
    noted = session.info.setdefault(NOTED, {})
    for o in session.new:
        if isinstance(o, ServiceRequest):
            noted.setdefault(o.id, [])  # it counted for nothing before


def _add_what_changed(session):
    session.flush()  # the commit's own flush, first, so that every change is noted and written
    noted = session.info.pop(NOTED, {})
    if noted:
        _add_difference(session, _counted(session, noted), noted)


def _forget_at_the_end(session, transaction):
    if transaction.parent is None:  # committed, rolled back or closed: nothing is left to add
        session.info.pop(NOTED, None)


# Installed on the app's session by the app factory (server/__init__.py).
LISTENERS = (
    ("before_flush", _note_before_the_first_change),
    ("after_flush", _note_new_requests),
    ("before_commit", _add_what_changed),
    ("after_transaction_end", _forget_at_the_end),
)
