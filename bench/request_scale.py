"""Benchmark of requests (诉求) at 1,000,000 requests and 10,000,000 timeline events.

PostgreSQL database `veterans_bench_requests`: the demo accounts, the synthetic network of
bench/registry.py (S → 10 counties → 100 townships → 2,000 villages), one clerk at every station
(so requests have assignees) and `flask seed requests`. Measured: the console's queue with each view
and filter, the request page of requests with long timelines, search (the trigram-indexed LIKE of
request_queries.search_requests against the same query with the index bypassed), the dashboard for
a city-level and a village-level user, and the deadline sweep over all open requests.

    .venv/bin/python bench/request_scale.py [--reuse] [--requests 1000000] [--events 10000000] [--runs 40]

Pages are fetched over HTTP from gunicorn -c gunicorn.conf.py (2 workers) with a logged-in session,
one at a time; p50/p95/max of the wall time. The sweep runs in this process (as the worker would)
and is then undone, so every run of the bench sweeps the same data.
"""

import argparse
import contextlib
import re
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg
import redis
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench.harness import (  # noqa: E402
    PASSWORD,
    PG_SERVER,
    app_env,
    count_rows,
    gunicorn,
    login,
    print_machine,
    run_flask,
    seed_network,
)
from bench.request_sweep import measure_sweeps, print_sweeps  # noqa: E402
from models import RequestCategory, RequestEvent, ServiceRequest, Staff, Station, db  # noqa: E402
from models.staff import ROLE_NAMES  # noqa: E402
from models.types import utcnow  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.operations.network import staff as staff_operations  # noqa: E402
from server.seeds.request_scale import MANY_EVENTS_EVERY  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "veterans_bench_requests"
REDIS_URL = "redis://127.0.0.1:6379/10"
# username, role, station, a station one level down (the station filter): the city's admin, a
# county's supervisor, a village's clerk (the village's own code: it has none below)
SCOPES = (
    ("bench_city", "admin", "S", "S01"),
    ("bench_county", "supervisor", "S00", "S0003"),
    ("bench_village", "clerk", "S0000000", "S0000000"),
)
PARTS = ("queue", "page", "search", "dashboard", "sweep")
QUEUE_MS, PAGE_MS, SEARCH_MS, DASHBOARD_MS = 100, 100, 300, 1000
QUEUE_CASES = (
    ("open (default)", {}),
    ("all", {"view": "all"}),
    ("mine", {"view": "mine"}),
    ("unassigned", {"view": "unassigned"}),
    ("due soon", {"view": "due_soon"}),
    ("overdue", {"view": "overdue"}),
    ("escalated", {"view": "escalated"}),
    ("category", {"view": "all", "category_id": "{cat}"}),
    ("state processing", {"view": "all", "state": "processing"}),
    ("track petition", {"view": "all", "track": "petition"}),
    ("channel phone", {"view": "all", "channel": "phone"}),
    ("station below", {"view": "all", "station": "{below}"}),
    ("open+category+station", {"category_id": "{cat}", "station": "{below}"}),
    ("all, page 20", {"view": "all", "page": "20"}),
)
DASHBOARD_CASES = (("last 12 weeks", {}), ("a year", {"start": "2025-12-01", "end": "2026-11-30"}))
# Common and rare words, of three characters and more (trigrams) and of two (none), found and not;
# a number is added from the database.
SEARCH_WORDS = (
    "临时救助",
    "抚恤金",
    "宅基地边界",
    "第7区第3街道第15村站",
    "地震灾害",
    "救助",
    "焊工",
    "火灾",
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--requests", type=int, default=1_000_000, help="how many to seed")
    parser.add_argument("--events", type=int, default=10_000_000, help="timeline events to seed, about")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds the requests")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per case (default 40)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per case first")
    parser.add_argument("--only", default="", help="comma-separated parts: queue,page,search,dashboard,sweep")
    parser.add_argument("--sweeps", type=int, default=2, help="sweeps measured, each undone (default 2)")
    parser.add_argument("--prepare-only", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped on the way out
    env = app_env(f"{PG_SERVER}/{options.database}", REDIS_URL)
    print_setting(options)
    prepare(options, env)
    if options.prepare_only:
        return 0
    app = create_app(Config.from_env(env))
    parts = set(options.only.split(",")) if options.only else set(PARTS)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-requests-") as tmp:
        if parts & {"queue", "page", "search", "dashboard"}:
            cases = [c for c in build_cases(app) if c.part in parts]
            with gunicorn(env, 2, Path(tmp) / "app.log") as (url, _):
                results += measure(url, cases, options)
            if "search" in parts:
                with bitmap_scans_off(env), gunicorn(env, 2, Path(tmp) / "baseline.log") as (url, _):
                    baseline = [
                        replace(c, part="search baseline", times=[]) for c in cases if c.part == "search"
                    ]
                    results += measure(url, baseline, options)
        print_results(results)
        if "sweep" in parts:
            print_sweeps(measure_sweeps(app, options.sweeps))
    return 0


@dataclass
class Case:
    part: str
    scope: str  # the username that asks
    name: str
    path: str
    query: dict
    target_ms: float
    times: list = field(default_factory=list, compare=False)
    shown: str = ""

    def pct(self, q):
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build_cases(app):
    """The cases, with the ids and codes of this database: categories, the longest timelines."""
    with app.app_context():
        category = dict(db.session.execute(select(RequestCategory.name, RequestCategory.id)).all())
        longest = db.session.execute(
            select(ServiceRequest.id).where(ServiceRequest.id % MANY_EVENTS_EVERY == 0)
            .order_by((ServiceRequest.id % 500).desc()).limit(2)
        ).scalars().all()  # fmt: skip
        typical = db.session.scalar(
            select(func.max(ServiceRequest.id)).where(ServiceRequest.state == "processing")
        )
        number = db.session.scalar(select(ServiceRequest.number).where(ServiceRequest.id == typical - 5000))
    cases = []
    for username, _role, _code, below in SCOPES:
        for name, query in QUEUE_CASES:
            query = {k: v.format(below=below, cat=category["困难帮扶"]) for k, v in query.items()}
            cases.append(Case("queue", username, name, "/console/requests", query, QUEUE_MS))
        for name, query in DASHBOARD_CASES:
            cases.append(Case("dashboard", username, name, "/console/dashboard", query, DASHBOARD_MS))
        for word in [*SEARCH_WORDS, number]:
            for view in ("all", "open"):
                query = {"view": view, "q": word}
                cases.append(
                    Case("search", username, f"{view}: {word}", "/console/requests", query, SEARCH_MS)
                )
    for request_id in [*longest, typical]:
        with app.app_context():
            events = db.session.scalar(select(func.count()).where(RequestEvent.request_id == request_id))
        path = f"/console/requests/{request_id}"
        cases.append(Case("page", "bench_city", f"{events} events", path, {}, PAGE_MS))
    return cases


def measure(url, cases, options):
    sessions = {}
    for case in cases:
        if case.scope not in sessions:
            sessions[case.scope] = login(url, case.scope)
        for n in range(options.warmup + options.runs):
            started = time.perf_counter()
            response = sessions[case.scope].get(url + case.path, params=case.query, timeout=120)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200 and not response.history, f"{case}: {response.status_code}"
            if n >= options.warmup:
                case.times.append(elapsed)
        found = re.search(r'class="active">[^<]*<span class="count-of">([^<]+)<', response.text)
        case.shown = found.group(1) if found else ""
        print(f"  {case.part:9} {case.scope:13} {case.name:24} p95 {case.pct(0.95):7.1f} ms", flush=True)
    return cases


@contextlib.contextmanager
def bitmap_scans_off(env):
    """The baseline of search: PostgreSQL reads a GIN (trigram) index only through bitmap scans, so
    with them off the same queries run as if the index were not there."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        conn.execute(f"ALTER DATABASE {name} SET enable_bitmapscan = off")
        try:
            yield
        finally:
            conn.execute(f"ALTER DATABASE {name} RESET enable_bitmapscan")


def print_results(results):
    print(f"\n{'part':16} {'user':13} {'case':26} {'shown':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  "
          "target")  # fmt: skip
    for r in results:
        print(f"{r.part:16} {r.scope:13} {r.name:26} {r.shown:>7} {r.pct(0.5):8.1f} {r.pct(0.95):8.1f} "
              f"{max(r.times):8.1f}  {verdict(r)}")  # fmt: skip


def verdict(result):
    """The target and whether p95 meets it; a baseline (measured without the index) has no target."""
    if result.part.endswith("baseline"):
        return "-"
    return f"p95 < {result.target_ms:.0f}: {'ok' if result.pct(0.95) < result.target_ms else 'OVER'}"


def print_setting(options):
    print_machine(options.database)
    print(f"cases:   {options.runs} timed requests after {options.warmup} warm-ups\n", flush=True)


def prepare(options, env):
    """The database migrated and seeded (unless --reuse finds it seeded), analyzed; Redis db empty."""
    if not (options.reuse and count_rows(env["DATABASE_URL"], "service_request") >= options.requests):
        seed_network(options.database, env)
        with create_app(Config.from_env(env)).app_context():
            add_station_staff()
            add_accounts()
        print(f"seeding {options.requests:,} requests and {options.events:,} events...", flush=True)
        started = time.monotonic()
        output = run_flask(env, "seed", "requests", "--requests", str(options.requests),
                        "--events", str(options.events))  # fmt: skip
        print(output.rstrip() + f"\nseeded in {time.monotonic() - started:.0f} s", flush=True)
    else:
        print(f"reusing {options.database}", flush=True)
    run_flask(env, "db", "upgrade")  # a reused database gets any new migration
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        counts = conn.execute("SELECT (SELECT count(*) FROM service_request), (SELECT count(*) FROM"
                              " request_event)").fetchone()  # fmt: skip
        print(f"requests: {counts[0]:,}; events: {counts[1]:,}\n", flush=True)
    redis.Redis.from_url(REDIS_URL).flushdb()


def add_station_staff():
    """A clerk and a head at every synthetic station (who get requests and 督办 notices), in one
    insert with one password hash for all."""
    password_hash = staff_operations.HASHER.hash(PASSWORD)
    stations = db.session.execute(select(Station.id, Station.code).where(Station.code.startswith("S"))).all()
    now = utcnow()
    rows = [
        {"username": f"{role}_{code.lower()}", "name": f"{code}{ROLE_NAMES[role]}", "station_id": station_id,
         "role": role, "password_hash": password_hash, "must_change_password": False, "active": True,
         "failed_logins": 0, "session_version": 1, "away": False, "created_at": now}
        for station_id, code in stations for role in ("clerk", "head")
    ]  # fmt: skip
    db.session.execute(insert(Staff), rows)
    db.session.commit()


def add_accounts():
    """The accounts that log in: the clerk of a village is its own seeded clerk."""
    for username, role, code, _below in SCOPES:
        staff = db.session.execute(select(Staff).filter_by(username=f"clerk_{code.lower()}")).scalar_one()
        if role == "clerk":
            staff.username = username
            continue
        station = db.session.execute(select(Station).filter_by(code=code)).scalar_one()
        db.session.add(Staff(username=username, name=username, station=station, role=role,
                             password_hash=staff.password_hash, must_change_password=False))  # fmt: skip
    db.session.commit()


if __name__ == "__main__":
    sys.exit(main())
