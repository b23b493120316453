"""Synthetic requests at production scale, for benchmarks: `flask seed requests` (PostgreSQL only).

A million requests and ten million timeline events are generated inside PostgreSQL (generate_series,
INSERT ... SELECT) rather than row by row through the ORM, and the secondary indexes are built once
at the end. Requests are inserted in the order they were filed, so ids grow with `created_at` as in
production; states, deadlines (on the working calendar), escalations, replies and ratings follow
from each request's age as the application would have left them, the deadline sweep having last run
yesterday. Text comes from request_seed_texts, so trigram search finds realistic shares.
"""

import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.schema import AddConstraint, DropConstraint

from models import RequestCategory, RequestEvent, ServiceRequest, Station, db
from models.request_tally import rebuild_tallies
from models.station import LEVELS
from models.types import utcnow
from server.operations.calendar import WorkingCalendar
from server.operations.errors import DomainError
from server.request_seed_texts import (
    FOLLOWUPS,
    GIVEN,
    MESSAGES,
    NOTES,
    REPLIES,
    SENTENCES,
    SURNAMES,
    TITLES,
)
from server.scale_seed import DENSE_COUNTY
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


TEMP_TABLES = """
DROP TABLE IF EXISTS seed_village, seed_category, seed_staff, seed_day, seed_workday;
CREATE TEMP TABLE seed_village (slot int PRIMARY KEY, name text,
    village_id bigint, village_up int, township_id bigint, township_up int,
    county_id bigint, county_up int, city_id bigint, city_up int);
CREATE TEMP TABLE seed_category (id int, track text, first_days int, resolution_days int,
    route_level text, lo float8, hi float8, titles text[], sentences text[]);
CREATE TEMP TABLE seed_staff (station_id bigint PRIMARY KEY, staff_id bigint, name text);
CREATE TEMP TABLE seed_day (day date PRIMARY KEY, cum int, working bool);
CREATE TEMP TABLE seed_workday (ord int PRIMARY KEY, day date);
"""


def _village_rows():
    """Each village with the station at every level above it (itself where the tree has a gap) and
    how many stations are above that one; DENSE_COUNTY's villages take more slots."""
    stations = {s.id: s for s in db.session.scalars(db.select(Station).where(Station.active))}
    rows, slot = [], 0
    for village in sorted((s for s in stations.values() if s.level == "village"), key=lambda s: s.code):
        chain = [stations[int(i)] for i in village.path.strip("/").split("/") if int(i) in stations]
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


def _pick(array, r):
    """SQL: a random element of the array parameter `array`, by the random column `r`."""
    return f"(CAST(:{array} AS text[]))[1 + floor({r} * cardinality(CAST(:{array} AS text[])))::int]"


# The request's randoms (r_*) are drawn once per row; ages are in days before :now.
INSERT_REQUESTS = """
INSERT INTO service_request (number, openid, person_name, station_id, category_id, track, title,
    content, channel, state, priority, assignee_id, respond_due_on, due_on, paused_on, warned_for,
    escalation_level, escalated_until, extended, review_round, first_responded_at, response_days,
    resolved_at, resolution_days, resolved_due_on, closed_at, rating, rated_at, created_at, updated_at)
WITH g AS (
    SELECT n, CAST(:now AS timestamp) - make_interval(secs => :span * (1 - power(n / CAST(:count AS float8),
               :curve))) AS created_at,
           floor(random() * :people)::int AS person,
           random() AS r_cat, random() AS r_open, random() AS r_state, random() AS r_channel,
           random() AS r_respond, random() AS r_resolve, random() AS r_rate, random() AS r_title,
           random() AS r_s1, random() AS r_s2, random() AS r_s3, random() AS r_num
    FROM generate_series(1, :count) AS n
), placed AS (
    SELECT g.*, c.*, v.name AS village, CAST(g.created_at + interval '8 hours' AS date) AS day,
           extract(epoch FROM CAST(:now AS timestamp) - g.created_at) / 86400 AS age,
           CASE c.route_level WHEN 'township' THEN v.township_id WHEN 'county' THEN v.county_id
                WHEN 'city' THEN v.city_id ELSE v.village_id END AS owner_id,
           CASE c.route_level WHEN 'township' THEN v.township_up WHEN 'county' THEN v.county_up
                WHEN 'city' THEN v.city_up ELSE v.village_up END AS levels_above
    FROM g JOIN seed_village v ON v.slot = g.person % :slots
           JOIN seed_category c ON g.r_cat >= c.lo AND g.r_cat < c.hi
), opened AS (
    SELECT p.*, p.r_open < CASE WHEN age < 14 THEN 0.6 WHEN age < 45 THEN 0.2 WHEN age < 120 THEN 0.02
                                ELSE 0.001 END AS is_open
    FROM placed p
), stated AS (
    SELECT o.*, CASE
        WHEN track = 'service' AND is_open THEN CASE WHEN age < 2 AND r_state < 0.7 THEN 'pending'
             WHEN r_state < 0.12 THEN 'waiting' WHEN r_state < 0.2 THEN 'pending' ELSE 'processing' END
        WHEN track = 'service' THEN CASE WHEN r_state < 0.03 THEN 'withdrawn' WHEN r_state < 0.04
             THEN 'merged' WHEN age < 20 OR r_state < 0.1 THEN 'resolved' ELSE 'closed' END
        WHEN is_open THEN CASE WHEN age < 10 THEN 'registered' WHEN r_state < 0.08 THEN 'reviewing'
             ELSE 'accepted' END
        ELSE CASE WHEN r_state < 0.03 THEN 'withdrawn' WHEN r_state < 0.15 THEN 'rejected'
             WHEN age < 60 OR r_state < 0.4 THEN 'concluded' ELSE 'final' END
        END AS state,
        -- days to the first answer and to the resolution; about one in eight resolutions is late
        LEAST(-ln(1 - r_respond) * first_days * 1.1, age * 0.5) AS respond_lag,
        LEAST(resolution_days * 1.4 * (0.3 + 0.8 * r_resolve), age * 0.98) AS resolve_lag,
        d.cum AS day_cum
    FROM opened o JOIN seed_day d ON d.day = o.day
), timed AS (
    SELECT s.*,
        s.state NOT IN ('pending', 'registered') AS responded,
        s.state IN ('resolved', 'closed', 'concluded', 'final', 'reviewing') AS was_resolved,
        CASE WHEN track = 'petition' THEN day_cum + 5 + resolution_days ELSE day_cum + resolution_days
             END AS resolve_ord,
        CASE WHEN state = 'pending' THEN day_cum + first_days END AS respond_ord,
        CASE WHEN state = 'registered' THEN day_cum + 15
             WHEN state = 'reviewing' THEN day_cum + 35 + resolution_days END AS step_ord
    FROM stated s
), due AS (
    SELECT t.*, rd.day AS respond_due, CASE WHEN is_open AND state <> 'reviewing' AND state <> 'registered'
               THEN sd.day ELSE xd.day END AS step_due, sd.day AS resolve_due
    FROM timed t LEFT JOIN seed_workday rd ON rd.ord = t.respond_ord
                 LEFT JOIN seed_workday sd ON sd.ord = t.resolve_ord
                 LEFT JOIN seed_workday xd ON xd.ord = t.step_ord
), late AS (
    SELECT u.*, (SELECT cum FROM seed_day WHERE day = CAST(:today AS date) - 1) - nd.cum AS overdue_days,
           LEAST(u.respond_due, u.step_due) AS next_due, nd.cum AS next_cum
    FROM due u LEFT JOIN seed_day nd ON nd.day = LEAST(u.respond_due, u.step_due)
               AND u.is_open AND u.state <> 'waiting'
), stamped AS (
    SELECT l.*,
        CASE WHEN responded THEN created_at + make_interval(secs => respond_lag * 86400) END AS answered_at,
        CASE WHEN was_resolved THEN created_at + make_interval(secs => GREATEST(resolve_lag, respond_lag)
             * 86400) END AS finished_at
    FROM late l
), counted AS (
    -- working days from the filing: the difference of the days' ordinals
    SELECT s.*, ad.cum - s.day_cum AS answer_days, fd.cum - s.day_cum AS finish_days
    FROM stamped s LEFT JOIN seed_day ad ON ad.day = CAST(s.answered_at + interval '8 hours' AS date)
                   LEFT JOIN seed_day fd ON fd.day = CAST(s.finished_at + interval '8 hours' AS date)
)
SELECT split_part(CAST(l.day AS text), '-', 1) || '-' || lpad(CAST(:offset + n AS text), 7, '0'),
    'oSeed' || person,
    (CAST(:surnames AS text[]))[1 + person % :surname_count]
        || (CAST(:given AS text[]))[1 + person / 97 % :given_count]
        || (CAST(:given AS text[]))[1 + person / 3001 % :given_count],
    owner_id, l.id, track, titles[1 + floor(r_title * cardinality(titles))::int],
    replace(replace(replace(replace(
        sentences[1 + s1] || sentences[1 + (s1 + 1 + s2) % n_sentences]
        || sentences[1 + (s1 + 1 + s3) % n_sentences],
        '{村}', village), '{年}', CAST(1975 + person % 45 AS text)),
        '{元}', CAST(1000 + floor(r_num * 90) * 500 AS text)), '{月}', CAST(1 + person % 11 AS text)),
    CASE WHEN r_channel < 0.45 THEN 'chat' WHEN r_channel < 0.75 THEN 'miniapp' WHEN r_channel < 0.87
         THEN 'phone' WHEN r_channel < 0.97 THEN 'walkin' ELSE 'letter' END,
    state, CASE WHEN r_num < 0.05 THEN 'urgent' ELSE 'normal' END, ss.staff_id,
    CASE WHEN is_open THEN respond_due END,
    CASE WHEN is_open THEN step_due END,
    CASE WHEN state = 'waiting' THEN CAST(created_at + make_interval(secs => respond_lag * 86400)
         + interval '8 hours' AS date) END,
    CASE WHEN next_due IS NOT NULL AND overdue_days >= -2 THEN next_due END,
    CASE WHEN overdue_days >= 1 THEN LEAST(levels_above, 1 + (overdue_days - 1) / 3) ELSE 0 END,
    CASE WHEN overdue_days >= 1 THEN (SELECT day FROM seed_workday WHERE ord = next_cum
         + 3 * LEAST(levels_above, 1 + (overdue_days - 1) / 3)) END,
    false, CASE WHEN state = 'reviewing' THEN 1 ELSE 0 END,
    answered_at, answer_days, finished_at, finish_days,
    CASE WHEN was_resolved THEN resolve_due END,
    CASE WHEN state IN ('rejected', 'withdrawn', 'merged')
              THEN created_at + make_interval(secs => respond_lag * 86400)
         WHEN state IN ('closed', 'final') THEN created_at + make_interval(secs => (GREATEST(resolve_lag,
              respond_lag) + LEAST(7, (age - GREATEST(resolve_lag, respond_lag)) * 0.5)) * 86400) END,
    CASE WHEN was_resolved AND state <> 'reviewing' AND r_rate < 0.6 THEN CASE WHEN r_rate < 0.45
         THEN 'satisfied' WHEN r_rate < 0.56 THEN 'fair' ELSE 'unsatisfied' END END,
    CASE WHEN was_resolved AND state <> 'reviewing' AND r_rate < 0.6 THEN created_at + make_interval(
         secs => (GREATEST(resolve_lag, respond_lag) + LEAST(3, (age - GREATEST(resolve_lag, respond_lag))
         * 0.3)) * 86400) END,
    created_at, created_at
FROM (
    -- three different sentences: offsets s2 <> s3, both in 0 .. n-2 past s1
    SELECT counted.*, floor(r_s1 * cardinality(sentences))::int AS s1, cardinality(sentences) AS n_sentences,
           floor(r_s2 * (cardinality(sentences) - 1))::int AS s2,
           (floor(r_s2 * (cardinality(sentences) - 1))::int + 1
            + floor(r_s3 * (cardinality(sentences) - 2))::int) % (cardinality(sentences) - 1) AS s3
    FROM counted
) l LEFT JOIN seed_staff ss ON ss.station_id = l.owner_id
ORDER BY n  -- ids in the order of filing, whatever order the joins left the rows in
"""

# One row per event: the first is the filing, the second the assignment, the last of a closed
# request its final state; between them replies, notes, the person's messages, warnings, 督办.
INSERT_EVENTS = f"""
INSERT INTO request_event (request_id, kind, public, actor_id, actor_name, body, data, created_at)
SELECT id, kind, kind IN ('filed', 'reply', 'message', 'state'),
    CASE WHEN kind IN ('reply', 'note', 'followup', 'state') THEN assignee_id END,
    CASE WHEN kind IN ('filed', 'message') THEN coalesce(person_name, '本人')
         WHEN kind IN ('warn', 'escalate') THEN '督办提醒' WHEN kind = 'assign' THEN '自动分派'
         ELSE coalesce(staff_name, '工作人员') END,
    CASE kind WHEN 'filed' THEN content WHEN 'assign' THEN '指派给' || coalesce(staff_name, '工作人员')
         WHEN 'reply' THEN {_pick("replies", "x")} WHEN 'note' THEN {_pick("notes", "x")}
         WHEN 'message' THEN {_pick("messages", "x")} WHEN 'followup' THEN {_pick("followups", "x")}
         WHEN 'warn' THEN '诉求' || number || '即将到期，请及时办理：' || title
         WHEN 'escalate' THEN '督办：诉求' || number || '已逾期未办结：' || title END,
    CASE kind WHEN 'filed' THEN json_build_object('channel', channel, 'station_id', station_id)
         WHEN 'state' THEN json_build_object('to', CASE WHEN i = k THEN state ELSE 'processing' END)
         WHEN 'escalate' THEN json_build_object('level', 1, 'station_id', station_id)
         ELSE CAST('{{}}' AS json) END,
    created_at + (finished - created_at) * ((i - 1) / CAST(k AS float8))
FROM (
    SELECT r.*, CASE WHEN i = 1 THEN 'filed' WHEN i = 2 AND assignee_id IS NOT NULL THEN 'assign'
              WHEN i = k AND NOT is_open THEN 'state'
              WHEN x < 0.3 THEN 'reply' WHEN x < 0.55 THEN 'note' WHEN x < 0.75 THEN 'message'
              WHEN x < 0.85 THEN 'state' WHEN x < 0.9 THEN 'followup' WHEN x < 0.95 THEN 'warn'
              ELSE 'escalate' END AS kind
    FROM (
        SELECT r.*, random() AS x, s.i
        FROM (
            SELECT q.id, q.number, q.title, q.content, q.channel, q.state, q.station_id, q.assignee_id,
                   q.person_name, q.created_at, st.name AS staff_name,
                   q.state IN ('pending', 'processing', 'waiting', 'registered', 'accepted', 'reviewing')
                       AS is_open,
                   coalesce(q.closed_at, q.resolved_at, CAST(:now AS timestamp)) AS finished,
                   CASE WHEN q.id % :every = 0 THEN 300 + q.id % 500
                        ELSE 1 + floor(random() * :spread)::int END AS k
            FROM service_request q LEFT JOIN staff st ON st.id = q.assignee_id
            WHERE q.id > :offset
        ) r CROSS JOIN LATERAL generate_series(1, r.k) AS s(i)
    ) r
) e
"""
