"""Benchmark of the WeChat callback (POST /wechat, text 帮助 → help reply) against a bare baseline.

Our app (wsgi:app, PostgreSQL + Redis, full pipeline), bench/baseline_app.py (Flask + wechatpy, no
database) and bench/durable_floor_app.py (the baseline plus one raw INSERT + COMMIT per message) run
side by side under gunicorn with gunicorn.conf.py; wrk drives each case on one app, then the same case
on the others, so the three are compared under the same machine load.

    .venv/bin/python bench/callback.py [--quick] [--duration 10] [--concurrency 1,16,64] [--modes plain,safe]
                                       [--rounds 1]

With --rounds N every case runs N times, the apps taking turns each round, and the table shows the
round with the median req/s of each app and case, with the range over the rounds beside it: on a
shared machine one run's 10 s window can fall into another process's burst of load.

Exits 1 when the measurement itself is not trustworthy (a request pool ran out, or the inbound_message
rows do not match the replies our app logged); missed targets are printed, not turned into a failure.
"""

import argparse
import contextlib
import datetime
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench import load, services  # noqa: E402

WARM_RATE = 5000  # warm-up deliveries per second per core; the baseline peaked at 2,700 here
POOL_SAFETY = 2  # the warm-up's throughput times this sizes the timed run's pool
TARGET_RATIO = 0.5
TARGET_P99_MS = 50
APPS = {
    "ours": ("wsgi:app", "/healthz"),
    "baseline": ("bench.baseline_app:app", "/"),
    "floor": ("bench.durable_floor_app:app", "/"),
}
RATIOS = (("ours", "baseline"), ("floor", "baseline"), ("ours", "floor"))


@dataclass
class Case:
    app: str
    mode: str
    connections: int
    warm: load.WrkResult
    result: load.WrkResult
    cpu_s: float  # workers' CPU time during the timed run
    rss_kb: list[int]

    @property
    def key(self):
        return self.app, self.mode, self.connections

    @property
    def cpu_ms_per_request(self):
        return self.cpu_s * 1000 / max(self.result.requests, 1)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds timed per case (default 10)")
    parser.add_argument("--concurrency", default="1,16,64", help="wrk connections per case (default 1,16,64)")
    parser.add_argument("--modes", default="plain,safe", help="plain and/or safe (default both)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each case, apps taking turns (default 1)"
    )
    parser.add_argument("--quick", action="store_true", help="2 s cases after 1 s warm-ups, to smoke-test")
    options = parser.parse_args(argv)
    options.concurrency = [int(c) for c in options.concurrency.split(",")]
    options.modes = options.modes.split(",")
    if set(options.modes) - set(load.MARKERS):
        parser.error("--modes takes plain and/or safe")
    options.warmup = 1 if options.quick else 2
    if options.quick:
        options.duration = 2
    return options


def main(argv=None):
    options = parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed; it is a Debian package: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped on the way out
    print_setting(options)
    services.prepare_services()
    with tempfile.TemporaryDirectory(prefix="bench-callback-") as tmp:
        cases = run_all(options, Path(tmp))
        logged = services.logged_callbacks(Path(tmp) / "ours.log")
    medians = median_cases(cases)
    print_table(medians, cases)
    print_targets(medians, options)
    complete = check_pools(cases)
    return 0 if check_inbound(cases, logged, options) and complete else 1


def print_setting(options):
    head = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=services.ROOT, capture_output=True)
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    concurrency = ",".join(map(str, options.concurrency))
    print(f"date:    {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {os.cpu_count()} cores, {_cpu_model()}; {wrk.split(' Copyright')[0]}")
    print(f"tree:    {head.stdout.decode().strip()}; load average {os.getloadavg()[0]:.2f} at the start")
    print(f"cases:   {options.duration:g} s each after a {options.warmup} s warm-up, ", end="")
    print(f"modes {','.join(options.modes)}, connections {concurrency}, {options.rounds} round(s)\n")


def _cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    return models[0] if models else "unknown CPU"


def run_all(options, tmp):
    """Every case on every app, back to back; the servers are stopped before this returns."""
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(services.Server(name, *APPS[name], tmp / f"{name}.log")) for name in APPS
        ]
        min_reply = {(s.name, m): load.check_replies(s.url, m) for s in servers for m in options.modes}
        print(f"replies checked in Python: {len(min_reply)} × {load.SAMPLES}, all 200 with the help text\n")
        return [
            run_case(server, mode, connections, options, tmp, min_reply[server.name, mode])
            for mode in options.modes
            for connections in options.concurrency
            for _ in range(options.rounds)
            for server in servers
        ]


def run_case(server, mode, connections, options, tmp, min_reply):
    warm_pool = load.write_pool(tmp / "pool.txt", mode, WARM_RATE * os.cpu_count() * options.warmup)
    warm = load.run_wrk(server.url, warm_pool, mode, connections, options.warmup, min_reply)
    size = math.ceil(warm.rps * options.duration * POOL_SAFETY) + 1000
    pool = load.write_pool(tmp / "pool.txt", mode, size)
    cpu_before = server.worker_cpu_seconds()
    result = load.run_wrk(server.url, pool, mode, connections, options.duration, min_reply)
    cpu = server.worker_cpu_seconds() - cpu_before
    server.check_alive()
    case = Case(server.name, mode, connections, warm, result, cpu, server.worker_rss_kb())
    print(
        f"  {server.name:8} {mode:5} c={connections:<3} {result.rps:8.0f} req/s  "
        f"{result.errors} errors  ({result.issued} of a pool of {size} sent)",
        flush=True,
    )
    return case


def median_cases(cases):
    """For each app, mode and connections, the round with the median req/s (the lower of two middle ones)."""
    rounds = {}
    for case in cases:
        rounds.setdefault(case.key, []).append(case)
    return [sorted(runs, key=lambda c: c.result.rps)[(len(runs) - 1) // 2] for runs in rounds.values()]


def print_table(medians, cases):
    print(f"\n{'app':8} {'mode':5} {'conns':>5} {'req/s':>8} {'range':>11} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'CPU ms/req':>10} {'RSS MB':>7}  RSS per worker MB")  # fmt: skip
    for case in medians:
        result, mb = case.result, [kb / 1024 for kb in case.rss_kb]
        rps = [c.result.rps for c in cases if c.key == case.key]
        spread = f"{min(rps):.0f}–{max(rps):.0f}"
        per_worker = " ".join(f"{m:.0f}" for m in mb)
        print(
            f"{case.app:8} {case.mode:5} {case.connections:5} {result.rps:8.0f} {spread:>11} "
            f"{result.p50_us / 1000:7.1f} {result.p99_us / 1000:7.1f} {result.errors:6} "
            f"{case.cpu_ms_per_request:10.2f} {sum(mb):7.0f}  {per_worker}"
        )


def find(cases, app, mode, connections):
    return next(c for c in cases if c.key == (app, mode, connections))


def ratio(cases, mode, connections, app="ours", base="baseline"):
    return find(cases, app, mode, connections).result.rps / find(cases, base, mode, connections).result.rps


def print_targets(cases, options):
    print()
    for app, base in RATIOS:
        ratios = [
            f"{m} c={c}: {ratio(cases, m, c, app, base):.2f}"
            for m in options.modes
            for c in options.concurrency
        ]
        print(f"throughput {app}/{base}: " + ", ".join(ratios))
    print("targets:")
    for passed, text in targets(cases, options):
        print(f"  {'PASS' if passed else 'FAIL'}  {text}")


def targets(cases, options):
    """(passed, description) for each target the chosen modes and concurrencies can judge."""
    results = []
    for mode in options.modes:
        for connections in sorted({16, 64} & set(options.concurrency)):
            value = ratio(cases, mode, connections)
            text = f"{mode} c={connections}: throughput {value:.2f}× baseline (target ≥ {TARGET_RATIO})"
            results.append((value >= TARGET_RATIO, text))
        if 16 in options.concurrency:
            p99_ms = find(cases, "ours", mode, 16).result.p99_us / 1000
            text = f"{mode} c=16: our p99 {p99_ms:.1f} ms (target < {TARGET_P99_MS} ms)"
            results.append((p99_ms < TARGET_P99_MS, text))
    return results


def check_pools(cases):
    short = [c for c in cases if c.result.exhausted or c.result.overrun]
    for case in short:
        print(f"pool ran out: {case.app} {case.mode} c={case.connections}; its req/s is under-reported")
    return not short


def check_inbound(cases, logged, options):
    """Each 200 our app served must have left its inbound_message row (the durable dedup insert)."""
    rows, floor_rows = services.count_inbound()
    seen = sum(c.warm.ok + c.result.ok for c in cases if c.app == "ours")
    floor_seen = sum(c.warm.ok + c.result.ok for c in cases if c.app == "floor")
    checks = load.SAMPLES * len(options.modes)
    verdict = "OK" if rows == logged else "MISMATCH"
    print(
        f"\ninbound_message rows: {rows}; POST /wechat 200s in our app's request log: {logged} → {verdict}\n"
        f"  (wrk saw {seen} and the Python checks {checks}; the rest were in flight when wrk stopped)\n"
        f"durable floor: {floor_rows} rows for the {floor_seen + checks} right replies wrk and Python saw"
    )
    return rows == logged and floor_rows >= floor_seen + checks


if __name__ == "__main__":
    sys.exit(main())
