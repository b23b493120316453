"""Synthetic requests at production scale, for benchmarks: `flask seed requests` (PostgreSQL only).

A million requests and ten million timeline events are generated inside PostgreSQL (generate_series,
INSERT ... SELECT) rather than row by row through the ORM, and the secondary indexes are built once
at the end. Requests are inserted in the order they were filed, so ids grow with `created_at` as in
production; states, deadlines (on the working calendar), escalations, replies and ratings follow
from each request's age as the application would have left them, the deadline sweep having last run
yesterday. Text comes from request_texts, so trigram search finds realistic shares.
"""

import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.schema import AddConstraint, DropConstraint

from models import RequestCategory, RequestEvent, ServiceRequest, Station, db
from models.request_tally import rebuild_tallies
from models.station import LEVELS, path_ids
from models.types import utcnow
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError
from server.seeds.request_sql import INSERT_EVENTS, INSERT_REQUESTS, TEMP_TABLES
from server.seeds.request_texts import (
    FOLLOWUPS,
    GIVEN,
    MESSAGES,
    NOTES,
    REPLIES,
    SENTENCES,
    SURNAMES,
    TITLES,
)
from server.seeds.scale import DENSE_COUNTY
from server.timezone import local_date

CATEGORY_WEIGHTS = {"困难帮扶": 24, "就业创业": 14, "权益维护/法律援助": 10, "优抚待遇": 16, "政策咨询": 20,
                    "信访/投诉": 7, "意见建议": 4, "其他": 5}  # fmt: skip
PEOPLE_PER_REQUEST = 0.55  # each person files about two requests in the period seeded
DENSE_SLOTS, SLOTS = 5, 2  # DENSE_COUNTY's villages are 2.5 times as busy as the others'
MANY_EVENTS_EVERY = 997  # one request in this many has a long timeline (300-799 events)
MANY_EVENTS_MEAN = 550
CREATION_CURVE = 0.85  # < 1: more requests filed recently than two years ago
MAX_SERIAL = 9_999_999  # numbers read 2026-0001234


@dataclass
class SeedReport:
    requests: int = 0
    events: int = 0
    seconds: dict = field(default_factory=dict)


def seed_requests(count, events, days=730, seed=2026):
    """Add `count` requests filed over the last `days` days and about `events` timeline events."""
    if db.engine.dialect.name != "postgresql":
        raise DomainError("生成大规模诉求数据需要 PostgreSQL")
    report, started = SeedReport(), time.monotonic()
    with db.engine.connect() as conn:
        offset = conn.scalar(text("SELECT coalesce(max(id), 0) FROM service_request"))
        if offset + count > MAX_SERIAL:
            raise DomainError(f"诉求编号最多{MAX_SERIAL}个")
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        conn.execute(text("SET synchronous_commit = off"))  # a crash loses the seed, nothing else
        _lookup_tables(conn, days)
        conn.commit()
        db.session.rollback()  # ends the read of stations and categories: no transaction left open
        report.seconds["lookup tables"] = _lap(started)
        dropped, unchecked = _drop_indexes(conn), _drop_foreign_keys(conn)
        report.requests = _insert_requests(conn, count, days, offset, seed)
        _bump_counters(conn, offset + count)
        conn.commit()
        report.seconds["requests"] = _lap(started, report.seconds)
        if events:
            report.events = _insert_events(conn, offset, count, events, seed)
            conn.commit()
        report.seconds["events"] = _lap(started, report.seconds)
        for index in dropped:
            index.create(conn)
        for constraint in unchecked:
            conn.execute(AddConstraint(constraint))  # checks every row in one join
        conn.commit()
        report.seconds["indexes, keys"] = _lap(started, report.seconds)
    rebuild_tallies(db.session)
    db.session.commit()
    report.seconds["daily tally"] = _lap(started, report.seconds)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) service_request, request_event, request_day_tally"))
    report.seconds["vacuum analyze"] = _lap(started, report.seconds)
    return report


def _lap(started, so_far=None):
    return time.monotonic() - started - sum((so_far or {}).values())


def _lookup_tables(conn, days):
    """Temporary tables the INSERT ... SELECTs join: villages with their ancestors, categories with
    their words, the staff who take a station's requests, and the working calendar as ordinals."""
    for statement in TEMP_TABLES.split(";"):
        if statement.strip():
            conn.execute(text(statement))
    conn.execute(text("INSERT INTO seed_village VALUES " + _values(10)), _village_rows())
    conn.execute(text("INSERT INTO seed_category VALUES " + _values(9)), _category_rows())
    clerks = (
        "INSERT INTO seed_staff SELECT DISTINCT ON (station_id) station_id, id, name FROM staff"
        " WHERE active AND role IN ('clerk', 'head') ORDER BY station_id, role, id"
    )
    conn.execute(text(clerks))
    conn.execute(text("INSERT INTO seed_day VALUES (:day, :cum, :working)"), _calendar_rows(days))
    conn.execute(text("INSERT INTO seed_workday SELECT cum, day FROM seed_day WHERE working"))
    conn.execute(text("ANALYZE seed_village, seed_category, seed_staff, seed_day, seed_workday"))


def _values(n):
    return "(" + ", ".join(f":c{i}" for i in range(n)) + ")"


def _village_rows():
    """Each village with the station at every level above it (itself where the tree has a gap) and
    how many stations are above that one; DENSE_COUNTY's villages take more slots."""
    stations = {s.id: s for s in db.session.scalars(db.select(Station).where(Station.active))}
    rows, slot = [], 0
    for village in sorted((s for s in stations.values() if s.level == "village"), key=lambda s: s.code):
        chain = [stations[i] for i in path_ids(village.path) if i in stations]
        owners = {s.level: (s.id, chain.index(s)) for s in chain}
        values = [village.name]
        for level in reversed(LEVELS):
            values.extend(owners.get(level, (village.id, len(chain) - 1)))
        copies = DENSE_SLOTS if village.code.startswith(DENSE_COUNTY) else SLOTS
        for _ in range(copies):
            rows.append(dict(zip([f"c{i}" for i in range(10)], [slot, *values], strict=True)))
            slot += 1
    if not rows:
        raise DomainError("请先导入站点网络（需要村社区站）")
    return rows


def _category_rows():
    categories = db.session.scalars(db.select(RequestCategory).where(RequestCategory.active)).all()
    weights = [CATEGORY_WEIGHTS.get(c.name, 3) for c in categories]
    total, low, rows = sum(weights), 0.0, []
    for category, weight in zip(categories, weights, strict=True):
        high = low + weight / total
        words = (TITLES.get(category.name, TITLES["其他"]), SENTENCES.get(category.name, SENTENCES["其他"]))
        values = [category.id, category.track, category.first_response_days, category.resolution_days]
        values += [category.route_level, low, 1.0 if category is categories[-1] else high, *map(list, words)]
        rows.append(dict(zip([f"c{i}" for i in range(9)], values, strict=True)))
        low = high
    return rows


def _calendar_rows(days):
    """Every day from before the first request to well after the last deadline, with its working-day
    ordinal: add_working_days(d, n) is the working day numbered cum(d) + n."""
    calendar, first = WorkingCalendar.load(), local_date(utcnow()) - timedelta(days=days + 7)
    rows, cum = [], 0
    for offset in range(days + 7 + 400):
        day = first + timedelta(days=offset)
        working = calendar.is_working_day(day)
        cum += working
        rows.append({"day": day, "cum": cum, "working": working})
    return rows


def _drop_indexes(conn):
    """The secondary indexes of both tables, dropped to be built once after the load."""
    indexes = [*ServiceRequest.__table__.indexes, *RequestEvent.__table__.indexes]
    for index in indexes:
        conn.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
    return indexes


def _drop_foreign_keys(conn):
    """The foreign keys of both tables, dropped so that ten million rows are not each checked (and
    their request row locked) one by one; added back, and so checked, after the load."""
    constraints = [
        constraint
        for table in (ServiceRequest.__table__, RequestEvent.__table__)
        for constraint in table.foreign_key_constraints
    ]
    for constraint in constraints:
        conn.execute(DropConstraint(constraint))
    return constraints


def _insert_requests(conn, count, days, offset, seed):
    conn.execute(text("SELECT setseed(:s)"), {"s": (seed % 1000) / 1000})
    params = {
        "count": count,
        "offset": offset,
        "now": utcnow().replace(tzinfo=None),
        "span": days * 86400.0,
        "curve": CREATION_CURVE,
        "people": max(1, int(count * PEOPLE_PER_REQUEST)),
        "slots": conn.scalar(text("SELECT count(*) FROM seed_village")),
        "surnames": list(SURNAMES),
        "given": list(GIVEN),
        "surname_count": len(SURNAMES),
        "given_count": len(GIVEN),
        "today": local_date(utcnow()),
    }
    return conn.execute(text(INSERT_REQUESTS), params).rowcount


def _bump_counters(conn, last):
    """Numbers handed out later (next_number) start above every seeded serial, in every year."""
    conn.execute(
        text(
            "INSERT INTO request_counter (year, last)"
            " SELECT DISTINCT CAST(split_part(number, '-', 1) AS int), :last FROM service_request"
            " ON CONFLICT (year) DO UPDATE SET last = GREATEST(request_counter.last, EXCLUDED.last)"
        ),
        {"last": last},
    )


def _insert_events(conn, offset, count, events, seed):
    """About `events` events over the new requests: one in MANY_EVENTS_EVERY has a long timeline,
    the others 1..2m events (mean m) so that the total comes out near `events`."""
    many = count // MANY_EVENTS_EVERY if events >= 5 * count else 0
    mean = max(1.0, (events - many * MANY_EVENTS_MEAN) / max(count - many, 1))
    conn.execute(text("SELECT setseed(:s)"), {"s": ((seed + 1) % 1000) / 1000})
    params = {
        "offset": offset,
        "spread": 2 * mean - 1,
        "every": MANY_EVENTS_EVERY if many else 2**62,  # never: no long timelines in a small seed
        "now": utcnow().replace(tzinfo=None),
        "replies": list(REPLIES),
        "notes": list(NOTES),
        "messages": list(MESSAGES),
        "followups": list(FOLLOWUPS),
    }
    return conn.execute(text(INSERT_EVENTS), params).rowcount
