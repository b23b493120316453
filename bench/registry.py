"""Benchmark of the registry (台账) at 500,000 veterans: list and search per scope, and the XLSX export.

PostgreSQL database `veterans_bench_registry`: the demo accounts, a synthetic network (`flask seed
network`: S → 10 counties → 100 townships → 2,000 villages) and `flask seed veterans` (the county S00
is the dense one, ≈ a fifth of everyone). Three accounts see the synthetic city (admin at S), that
county (supervisor at S00) and one of its townships (head at S0000).

    .venv/bin/python bench/registry.py [--reuse] [--veterans 500000] [--requests 60] [--skip-export]

The app runs under gunicorn -c gunicorn.conf.py (2 workers for the lists; 1 for the export, so the
worker sampled for memory is the one answering), measured over HTTP with a logged-in session. The SQL
of each case (the page's ids, their rows and the capped count, as CappedPage runs them) is timed alone
with EXPLAIN ANALYZE and through the ORM in this process, so the database separates from rendering.
"""

import argparse
import collections
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import psycopg
import redis
from werkzeug.datastructures import MultiDict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench.harness import (  # noqa: E402
    PASSWORD,
    PG_SERVER,
    app_env,
    count_rows,
    gunicorn,
    login,
    print_machine,
    process_status,
    run_flask,
    seed_network,
    workers,
)
from models import VeteranCategory, db  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.console.helpers import PER_PAGE, CappedPage  # noqa: E402
from server.operations.core.audit import Actor  # noqa: E402
from server.operations.network.staff import create_staff, staff_by_username  # noqa: E402
from server.operations.network.stations import station_by_code  # noqa: E402
from server.operations.veterans.queries import VeteranFilter, search_veterans  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/6"
TARGET_MS = 100
EXPORT = "/console/veterans/export.xlsx"
SQL_COLUMNS = (("ids", 7), ("rows", 8), ("count", 9))
DEFAULT_STATE = {"/console/veterans": "approved", "/console/registrations": "submitted"}


# `below` is a station one level down, for the station filter.
Scope = collections.namedtuple("Scope", "label username station role below")
SCOPES = (
    Scope("city", "bench_city", "S", "admin", "S01"),
    Scope("county", "bench_county", "S00", "supervisor", "S0003"),
    Scope("township", "bench_township", "S0000", "head", "S0000007"),
)
# (name, path, query); {cat} is the category 退役士兵, {below} a station one level down, {own} the scope's.
CASES = (
    ("no filter", "/console/veterans", {}),
    ("category", "/console/veterans", {"category_id": "{cat}"}),
    ("station", "/console/veterans", {"station": "{below}"}),
    ("own station", "/console/veterans", {"station": "{own}"}),
    ("name 王", "/console/veterans", {"name": "王"}),
    ("name 王建", "/console/veterans", {"name": "王建"}),
    ("phone tail", "/console/veterans", {"phone_tail": "0427"}),
    ("王+category", "/console/veterans", {"name": "王", "category_id": "{cat}"}),
    ("王建+station", "/console/veterans", {"name": "王建", "station": "{below}"}),
    ("tail+category", "/console/veterans", {"phone_tail": "0427", "category_id": "{cat}"}),
    ("page 50", "/console/veterans", {"page": "50"}),
    ("page 200", "/console/veterans", {"page": "200"}),
    ("review queue", "/console/registrations", {}),
)


@dataclass
class Result:
    scope: str
    case: str
    shown: str  # the page's "共 N 条"
    http_ms: list
    sql_ms: dict  # query → median EXPLAIN ANALYZE planning + execution
    orm_ms: float  # CappedPage through the ORM: the queries, rows loaded and decrypted
    plans: dict

    def pct(self, q):
        ordered = sorted(self.http_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="veterans_bench_registry")
    parser.add_argument("--veterans", type=int, default=500_000, help="how many to seed (default 500,000)")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds the veterans")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per case (default 60)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per case first (default 5)")
    parser.add_argument("--sql-runs", type=int, default=5, help="EXPLAIN ANALYZE runs per query (default 5)")
    parser.add_argument("--export-station", default="S00", help="the export's station (default S00)")
    parser.add_argument("--skip-list", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped on the way out
    env = app_env(f"{PG_SERVER}/{options.database}", REDIS_URL)
    print_setting(options)
    prepare(options, env)
    app = create_app(Config.from_env(env))
    with app.app_context():
        ensure_accounts()
    with tempfile.TemporaryDirectory(prefix="bench-registry-") as tmp:
        if not options.skip_list:
            print_results(measure_lists(app, env, options, Path(tmp)))
        if not options.skip_export:
            print_exports(measure_exports(app, env, options, Path(tmp)))
    return 0


def print_setting(options):
    print_machine(options.database)
    print(f"cases:   {options.requests} timed requests after {options.warmup} warm-ups; ", end="")
    print(f"SQL: median of {options.sql_runs} EXPLAIN ANALYZE runs\n", flush=True)


def prepare(options, env):
    """The database migrated, seeded (unless --reuse finds it seeded), analyzed; Redis db 6 empty."""
    if not (options.reuse and count_rows(env["DATABASE_URL"], "veteran") >= options.veterans):
        seed_network(options.database, env)
        print(f"seeding {options.veterans:,} veterans (about 3 minutes per 500,000)...", flush=True)
        started = time.monotonic()
        run_flask(env, "seed", "veterans", "--count", str(options.veterans))
        print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)
    else:
        print(f"reusing {options.database}", flush=True)
    run_flask(env, "db", "upgrade")  # a reused database gets any new migration
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would leave it: statistics, visibility map
        print(f"veterans: {conn.execute('SELECT count(*) FROM veteran').fetchone()[0]:,}\n", flush=True)
    redis.Redis.from_url(REDIS_URL).flushdb()


def ensure_accounts():
    actor = Actor.system("bench/registry.py")
    for scope in SCOPES:
        if staff_by_username(scope.username) is None:
            station = station_by_code(scope.station)
            staff = create_staff(scope.username, scope.label, station, scope.role, PASSWORD, actor)
            staff.must_change_password = False
    db.session.commit()


def measure_lists(app, env, options, tmp):
    with app.app_context():
        cat = db.session.scalar(db.select(VeteranCategory.id).filter_by(name="退役士兵"))
    results = []
    with gunicorn(env, 2, tmp / "lists.log") as (url, _):
        for scope in SCOPES:
            session = login(url, scope.username)
            for name, path, query in CASES:
                query = {k: v.format(cat=cat, below=scope.below, own=scope.station) for k, v in query.items()}
                http = measure_case(session, url + path, options, query)
                result = Result(scope.label, name, *http, *time_sql(app, scope, path, query, options))
                print(f"  {scope.label:8} {name:14} p95 {result.pct(0.95):7.1f} ms", flush=True)
                results.append(result)
    return results


def measure_case(session, url, options, query):
    """(the page's "共 N 条", ms of each timed request)."""
    shown, times = "", []
    for n in range(options.warmup + options.requests):
        started = time.perf_counter()
        response = session.get(url, params=query, timeout=120)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200 and not response.history, "not answered, or sent to log in"
        shown = (re.search(r"共 (\d+\+?) 条", response.text) or [None, "?"])[1]
        if n >= options.warmup:
            times.append(elapsed)
    return shown, times


def time_sql(app, scope, path, query, options):
    """({query: median ms in PostgreSQL}, median ms of CappedPage through the ORM, {query: plan}),
    for the queries CappedPage runs: the page's keys, their rows and (unless the page tells) the count."""
    with app.app_context():
        filters = VeteranFilter.from_args(MultiDict(query), default_state=DEFAULT_STATE[path])
        statement = search_veterans(staff_by_username(scope.username), filters)
        page = int(query.get("page", 1))
        ids = db.session.scalars(CappedPage.ids_query(statement, page)).all()
        queries = {"ids": CappedPage.ids_query(statement, page)}
        if ids:
            queries["rows"] = CappedPage.rows_query(statement, ids[:PER_PAGE])
        if CappedPage.known_count(page, PER_PAGE, len(ids)) is None:
            queries["count"] = CappedPage.count_query(statement)
        explained = {name: _explain(q, options.sql_runs) for name, q in queries.items()}
        orm = []
        for _ in range(options.sql_runs):
            db.session.expunge_all()
            started = time.perf_counter()
            CappedPage(statement, page)
            orm.append((time.perf_counter() - started) * 1000)
        sql_ms = {name: ms for name, (ms, _) in explained.items()}
        return sql_ms, statistics.median(orm), {name: plan for name, (_, plan) in explained.items()}


def _explain(query, runs):
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    sql = sql.replace("%%", "%")  # the psycopg dialect escapes % for its parameter style
    times, lines = [], []
    for _ in range(runs):
        lines = db.session.execute(db.text("EXPLAIN (ANALYZE, BUFFERS) " + sql)).scalars().all()
        summary = {k: float(v.split()[0]) for k, _, v in (line.partition(": ") for line in lines[-2:])}
        times.append(summary["Planning Time"] + summary["Execution Time"])
    return statistics.median(times), "\n".join(lines)


def print_results(results):
    print(f"\n{'scope':8} {'case':14} {'shown':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'SQL ids':>7} {'SQL rows':>8} {'SQL count':>9} {'ORM ms':>7}  p95 < {TARGET_MS} ms")  # fmt: skip
    for r in results:
        sql = [f"{r.sql_ms[q]:{w}.1f}" if q in r.sql_ms else f"{'-':>{w}}" for q, w in SQL_COLUMNS]
        verdict = "ok" if r.pct(0.95) < TARGET_MS else "OVER"
        print(f"{r.scope:8} {r.case:14} {r.shown:>7} {r.pct(0.5):7.1f} {r.pct(0.95):7.1f} "
              f"{max(r.http_ms):7.1f} {' '.join(sql)} {r.orm_ms:7.1f}  {verdict}")  # fmt: skip
    for r in results:
        if r.pct(0.95) >= TARGET_MS or max(r.sql_ms.values()) >= TARGET_MS / 2:
            slow = max(r.sql_ms, key=r.sql_ms.get)
            print(f"\nplan of the {slow} query, {r.scope} / {r.case} ({r.sql_ms[slow]:.1f} ms):")
            print("\n".join("    " + line for line in r.plans[slow].splitlines()[:14]))


class RssSampler(threading.Thread):
    """The largest VmRSS of one process, sampled every 20 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak_kb = max(self.peak_kb, int(process_status(self.pid).get("VmRSS", 0)))


def measure_exports(app, env, options, tmp):
    """The city admin exports one township (S0000), then the big station, from a single worker; its
    VmHWM is reset before each, so it is that export's exact peak."""
    with gunicorn(env, 1, tmp / "export.log") as (url, master):
        session = login(url, SCOPES[0].username)
        session.get(f"{url}/console/veterans", timeout=60).raise_for_status()  # warm the worker
        (worker,) = workers(master)
        idle = {k: int(process_status(worker)[k]) for k in ("VmRSS", "VmHWM")}  # VmHWM: login's argon2 hash
        codes = ("S0000", options.export_station)
        return idle, [export_once(app, session, f"{url}{EXPORT}", worker, code, tmp) for code in codes]


def export_once(app, session, url, worker, station, tmp):
    query, path, sampler = (
        {"state": "approved", "station": station},
        tmp / f"{station}.xlsx",
        RssSampler(worker),
    )
    with app.app_context():
        statement = search_veterans(staff_by_username(SCOPES[0].username), VeteranFilter.from_args(query))
        expected = db.session.scalar(CappedPage.count_query(statement, cap=None))
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # VmHWM := VmRSS, so it peaks in this export
    sampler.start()
    started, first_byte = time.perf_counter(), None
    with session.get(url, params=query, stream=True, timeout=900) as response, open(path, "wb") as out:
        response.raise_for_status()
        for chunk in response.iter_content(1 << 16):
            first_byte = first_byte or time.perf_counter() - started
            out.write(chunk)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _ in workbook.active.iter_rows(values_only=True)) - 1  # less the header
    workbook.close()
    hwm = int(process_status(worker)["VmHWM"])
    return [station, rows, expected, first_byte, seconds, path.stat().st_size / 2**20, sampler.peak_kb, hwm]


def print_exports(result):
    (idle, exports), mb = result, 1024
    print(f"\nexport (city admin, state=approved, 1 worker): idle VmRSS {idle['VmRSS'] / mb:.0f} MB, "
          f"VmHWM {idle['VmHWM'] / mb:.0f} MB")  # fmt: skip
    print(f"{'station':8} {'rows':>8} {'expected':>8} {'first byte s':>12} {'seconds':>7} {'file MB':>7} "
          f"{'sampled RSS':>11} {'VmHWM MB':>8} {'over idle':>9}")  # fmt: skip
    for station, rows, expected, first, seconds, size, peak, hwm in exports:
        print(f"{station:8} {rows:8} {expected:8} {first:12.2f} {seconds:7.1f} {size:7.1f} {peak / mb:11.0f} "
              f"{hwm / mb:8.0f} {(hwm - idle['VmRSS']) / mb:9.0f}")  # fmt: skip
    ok = all(e[1] == e[2] and e[6] < 200 * mb for e in exports)
    print(f"target: every row exported and peak RSS < 200 MB: {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
