"""Benchmark of an outgoing path: notifications delivered by RQ workers to the WeChat sandbox.

W worker processes deliver N notifications queued by server/operations/messaging/notifications.notify. Each
job is server/jobs/notifications.deliver_notification: one customer-service message (POST
/cgi-bin/message/custom/send) to the sandbox, with no added latency, then with the sandbox's
fault injection delaying every call as a slow WeChat would. With a latency L the throughput
cannot exceed W / L; "ms not waiting" is what each delivery costs a worker besides L. Workers:
`flask worker` (production's command: RQ's Worker, which forks a work horse per job), and for
comparison RQ's SimpleWorker, which runs the same jobs in the worker process itself.

    .venv/bin/python bench/outgoing.py [--notifications 200] [--workers 1,4] [--latency 0,100]
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

import requests  # noqa: E402
from rq import Worker  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench import services  # noqa: E402
from models import Notification, db  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.operations.messaging.notifications import notify  # noqa: E402
from server.sandbox.state import WINDOW_MESSAGES  # noqa: E402

DB_NAME = "veterans_bench_outgoing"
REDIS_URL = "redis://127.0.0.1:6379/7"
FLASK = str(services.ROOT / ".venv/bin/flask")
SIMPLE_WORKER = "from wsgi import app\nfrom rq import SimpleWorker\nfrom server.jobs import queues\n" \
    "with app.app_context():\n    SimpleWorker(queues(app.extensions['redis'])).work()"  # fmt: skip
WORKERS = {"flask worker": [FLASK, "worker"], "SimpleWorker": [sys.executable, "-c", SIMPLE_WORKER]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notifications", type=int, default=200, help="per case (default 200)")
    parser.add_argument("--workers", default="1,4", help="worker processes per case (default 1,4)")
    parser.add_argument("--latency", default="0,100", help="ms added to each WeChat call (default 0,100)")
    options = parser.parse_args(argv)
    port = services.free_port()
    sandbox = f"http://127.0.0.1:{port}"
    env = services.app_env() | {
        "DATABASE_URL": f"{services.PG_SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "WECHAT_API_BASE": f"{sandbox}/",
        "SANDBOX_CALLBACK_URL": "http://127.0.0.1:9/wechat",  # nothing listens: only WeChat's API is used
        "FLASK_APP": "wsgi",
    }
    services.prepare_services(DB_NAME, REDIS_URL)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{options.notifications} notifications per case\n")
    print("worker        latency ms workers  sent/s bound W/L ms per send ms not waiting")
    command = [FLASK, "sandbox", "run", "--port", str(port)]
    with tempfile.TemporaryFile() as log, subprocess.Popen(command, **quiet(env, log)) as server:
        try:
            wait_ready(f"{sandbox}/sandbox/api/faults")
            for n in range(followers(options.notifications)):
                as_user(sandbox, n, {"type": "event", "event": "subscribe"})
            for kind in WORKERS:
                for latency in map(int, options.latency.split(",")):
                    for workers in map(int, options.workers.split(",")):
                        run_case(env, sandbox, (kind, latency, workers), options.notifications, log)
        finally:
            server.terminate()


def quiet(env, log):
    # The sandbox logs every call and RQ every job: into a file, not over the table.
    return {"cwd": services.ROOT, "env": env, "stdout": log, "stderr": subprocess.STDOUT}


def wait_ready(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"the sandbox did not start at {url}")


def followers(count):
    """Enough followers for `count` customer-service messages: WeChat takes a few per user message."""
    return math.ceil(count / WINDOW_MESSAGES)


def openid(n):
    return f"oBenchOut{n:019d}"


def as_user(sandbox, n, data):
    # The delivery to the app's callback fails (nothing listens); the sandbox has seen the user anyway.
    requests.post(f"{sandbox}/sandbox/api/users/{openid(n)}/send", json=data, timeout=10).raise_for_status()


def run_case(env, sandbox, case, count, log):
    kind, latency, workers = case
    requests.put(f"{sandbox}/sandbox/api/faults", json={"latency_ms": latency}, timeout=10).raise_for_status()
    requests.delete(f"{sandbox}/sandbox/api/outbox", timeout=10)
    for n in range(followers(count)):  # each writes once, which opens their customer-service window
        as_user(sandbox, n, {"type": "text", "content": "你好"})
    pool = [subprocess.Popen(WORKERS[kind], **quiet(env, log)) for _ in range(workers)]
    try:
        app = create_app(Config.from_env(env))
        wait_for_workers(app, workers)
        started = time.monotonic()
        wait_for_delivery(app, queue_notifications(app, count))
        elapsed = time.monotonic() - started
    finally:
        for worker in pool:
            worker.terminate()
            worker.wait(30)
    sent = requests.get(f"{sandbox}/sandbox/api/outbox", params={"kind": "custom"}, timeout=10).json()
    if len(sent) != count:
        raise RuntimeError(f"the sandbox took {len(sent)} messages for {count} notifications")
    per_send = workers * elapsed * 1000 / count  # ms of a worker's time each notification took
    bound = f"{workers * 1000 / latency:9.1f}" if latency else f"{'—':>9}"
    rate, busy = count / elapsed, per_send - latency
    print(f"{kind:13} {latency:10} {workers:7} {rate:7.1f} {bound} {per_send:11.1f} {busy:14.1f}", flush=True)


def wait_for_workers(app, workers, timeout=60):
    deadline = time.monotonic() + timeout
    while len(Worker.all(connection=app.extensions["redis"])) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{workers} RQ workers did not start")
        time.sleep(0.2)


def queue_notifications(app, count):
    with app.app_context():
        users = followers(count)
        notes = [notify(openid(n % users), "bench", f"第{n}条通知：您的诉求已受理。") for n in range(count)]
        db.session.commit()  # the delivery jobs are queued once this commits
        return [note.id for note in notes]


def wait_for_delivery(app, ids, timeout=600):
    deadline = time.monotonic() + timeout
    with app.app_context():
        by_state = select(Notification.state, func.count()).where(Notification.id.in_(ids))
        by_state = by_state.group_by(Notification.state)
        while (states := dict(db.session.execute(by_state).all())).get("pending"):
            db.session.rollback()  # a fresh snapshot next time
            if time.monotonic() > deadline:
                raise RuntimeError(f"notifications still pending after {timeout} s: {states}")
            time.sleep(0.05)
    if states != {"sent": len(ids)}:
        raise RuntimeError(f"not every notification was sent: {states}")


if __name__ == "__main__":
    main()
