"""Benchmark of a policy push: an openid-list send to N followers through a `flask worker` process
against the WeChat sandbox with added latency, the worker killed (SIGKILL, with its work horse) halfway,
a second worker resuming it; then every follower's received list is checked: nobody twice, nobody missed.

The sandbox runs in its own process with no state file (`flask sandbox run` writes every user to
instance/sandbox.json after each call, which at 100,000 users is the sandbox's cost, not WeChat's).
The resumed send is queued at once, as the periodic job start_due_pushes does once the push has been
silent for STALLED_AFTER (3 minutes): that wait is the production's detection delay, not measured here.

    .venv/bin/python bench/pushes.py [--followers 100000] [--latency 50] [--redis redis://127.0.0.1:6379/8]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

import requests  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from bench import services  # noqa: E402
from bench.outgoing import wait_for_workers, wait_ready  # noqa: E402
from models import Follower, Push, PushBatch, db  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.jobs.pushes import send_push  # noqa: E402
from server.operations.core.audit import Actor  # noqa: E402
from server.operations.network.staff import create_staff  # noqa: E402
from server.operations.network.stations import import_stations, station_by_code  # noqa: E402
from server.operations.pushes.pushes import compose_push  # noqa: E402
from server.operations.pushes.sending import BATCH_SIZE  # noqa: E402

DB_NAME = "veterans_bench_pushes"
FLASK = str(services.ROOT / ".venv/bin/flask")
SANDBOX = (
    "import sys\nfrom werkzeug.serving import run_simple\nfrom server.config import Config\n"
    "from server.sandbox.app import create_sandbox_app\n"
    "app = create_sandbox_app(Config.from_env(), 'http://127.0.0.1:9/wechat', None, int(sys.argv[2]))\n"
    "run_simple('127.0.0.1', int(sys.argv[1]), app, threaded=True)"
)  # fmt: skip
CALLS_PER_MINUTE = 60  # WeChat's mass sends a minute


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--latency", type=int, default=50, help="ms added to each WeChat call (default 50)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    options = parser.parse_args(argv)
    port = services.free_port()
    sandbox = f"http://127.0.0.1:{port}"
    env = services.app_env() | {
        "DATABASE_URL": f"{services.PG_SERVER}/{DB_NAME}",
        "REDIS_URL": options.redis,
        "WECHAT_API_BASE": f"{sandbox}/",
        "FLASK_APP": "wsgi",
    }
    services.prepare_services(DB_NAME, options.redis)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    command = [sys.executable, "-c", SANDBOX, str(port), str(options.latency)]
    with tempfile.TemporaryFile() as log, subprocess.Popen(command, **quiet(env, log)) as server:
        try:
            wait_ready(f"{sandbox}/sandbox/api/faults")
            run(create_app(Config.from_env(env)), env, sandbox, options, log)
        finally:
            server.terminate()


def quiet(env, log):
    return {"cwd": services.ROOT, "env": env, "stdout": log, "stderr": subprocess.STDOUT}


def openid(n):
    return f"oBenchPush{n:018d}"


def run(app, env, sandbox, options, log):
    count = options.followers
    started = time.monotonic()
    openids = [openid(n) for n in range(count)]
    for at in range(0, count, 10_000):
        requests.post(
            f"{sandbox}/sandbox/api/followers", json={"openids": openids[at : at + 10_000]}, timeout=60
        )
    with app.app_context():
        push_id = seed(openids)
    print(f"{count} followers made in the sandbox and the database in {time.monotonic() - started:.1f} s")
    first = start_worker(env, log)
    wait_for_workers(app, 1)
    with app.app_context():
        queued = time.monotonic()
        send_push.enqueue(push_id)
        half = wait_for(lambda: batches(push_id).get("sent", 0) >= batches_total(count) // 2, "halfway")
    os.killpg(first.pid, signal.SIGKILL)  # the worker and the work horse it forked for the job
    first.wait(10)
    with app.app_context():
        state = batches(push_id)
    print(f"killed the worker {half - queued:.2f} s after queuing: batches {dict(state)}")
    second = start_worker(env, log)
    try:
        wait_for_workers(app, 1)
        with app.app_context():
            resumed = time.monotonic()
            send_push.enqueue(push_id)
            done = wait_for(lambda: db.session.get(Push, push_id).state in ("sent", "failed"), "the end")
            push = db.session.get(Push, push_id)
            figures = (push.state, push.targeted, push.sent, push.failed, push.started_at, push.finished_at)
            repeated = sum(batch.repeated for batch in push.batches)
            first_sent = (push.batches[0].sent_at - push.started_at).total_seconds()
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(30)
    print(f"resumed by a second worker: done {done - resumed:.2f} s after queuing it again;", end=" ")
    print(f"batches WeChat had already taken (45065, not sent again): {repeated}")
    print(
        f"audience measured, {count} recipients written, first batch sent: {first_sent:.2f} s from the start"
    )
    check(sandbox, push_id, openids)
    report(count, options.latency, half - queued, done - resumed, figures)


def seed(openids):
    actor = Actor.system("bench")
    header = ["code", "name", "level", "parent_code", "address", "phone"]
    row = {
        "code": "C",
        "name": "示范市中心",
        "level": "city",
        "parent_code": "",
        "address": "市中心",
        "phone": "0571-88000000",
    }
    import_stations(header, [(2, row)], actor)
    station = station_by_code("C")
    supervisor = create_staff("bench_supervisor", "推送测试", station, "supervisor", "bench1234pw", actor)
    rows = [{"openid": o, "station_id": station.id} for o in openids]
    db.session.execute(insert(Follower), rows)
    values = {"text": "【政策推送】优待证申领开始，请携带身份证到服务站办理。", "station_ids": [station.id]}
    push = compose_push(values, supervisor, "bench-push", submit=False)
    push.state = "scheduled"  # queued by the bench itself, to time it
    db.session.commit()
    return push.id


def start_worker(env, log):
    return subprocess.Popen([FLASK, "worker"], start_new_session=True, **quiet(env, log))


def batches(push_id):
    db.session.rollback()  # a fresh snapshot
    statement = (
        select(PushBatch.state, func.count()).where(PushBatch.push_id == push_id).group_by(PushBatch.state)
    )
    return Counter(dict(db.session.execute(statement).all()))


def batches_total(count):
    return -(-count // BATCH_SIZE)


def wait_for(condition, what, timeout=600):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"not at {what} after {timeout} s")
        time.sleep(0.01)
        db.session.rollback()
    return time.monotonic()


def check(sandbox, push_id, openids):
    sends = [s for s in requests.get(f"{sandbox}/sandbox/api/mass", timeout=60).json() if s["clientmsgid"]]
    received = requests.get(f"{sandbox}/sandbox/api/mass/received", timeout=120).json()
    per_person = Counter({o: len(received.get(o, [])) for o in openids})
    twice = sum(1 for n in per_person.values() if n > 1)
    missed = sum(1 for n in per_person.values() if n == 0)
    print(f"the sandbox took {len(sends)} sends (clientmsgid push-{push_id}-1..{len(sends)}); ", end="")
    print(f"followers who got it twice: {twice}; missed: {missed}")
    if twice or missed or len(sends) != batches_total(len(openids)):
        raise RuntimeError("duplicates or gaps")


def report(count, latency, before, after, figures):
    state, targeted, sent, failed, started_at, finished_at = figures
    calls = batches_total(count)
    bound = max(
        calls * latency / 1000, 60 * (calls - 1) / CALLS_PER_MINUTE if calls > CALLS_PER_MINUTE else 0
    )
    print(f"push {state}: targeted {targeted}, sent {sent}, failed {failed}")
    print(f"sending time (both workers, without the kill's detection delay): {before + after:.2f} s")
    print(f"push started -> finished in the database: {(finished_at - started_at).total_seconds():.2f} s")
    print(f"WeChat's bound: {calls} calls of ≤ {BATCH_SIZE} openids, ≤ {CALLS_PER_MINUTE} a minute, ", end="")
    print(f"{latency} ms each one after another: {bound:.2f} s")


if __name__ == "__main__":
    main()
