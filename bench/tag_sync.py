"""Benchmark of the tag sync: 100,000 followers' WeChat tags brought in step with ours.

The followers (a county station each; 60 % registered with a category; half subscribed to two of
10 topics) are written straight into the database and made to follow the sandbox at once (POST
/sandbox/api/followers, no callbacks); the sandbox (`flask sandbox run`'s app, without its state
file) answers every API call after the latency, as SANDBOX_LATENCY_MS makes it.
A first sync (server/jobs/tags.run_sync) runs in a worker process that is killed (SIGKILL) when
about half the taggings are recorded; a second sync resumes it once the killed worker's lock has
lapsed. Printed: the calls made against the fewest WeChat's limits allow (Σ ⌈members / 50⌉ per tag,
plus making the tags), any call repeated, the largest batch, the time against that many calls at
the latency one after another, and whether WeChat's members of every tag are exactly ours. Then a
reconciliation with nothing to change.

    .venv/bin/python bench/tag_sync.py [--followers 100000] [--latency 50]
"""

import argparse
import math
import os
import random
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
from bench.outgoing import quiet, wait_ready  # noqa: E402
from models import Follower, FollowerTag, PolicySubscriber, Station, Veteran, VeteranCategory, db  # noqa: E402
from models.subscription import policy_subscription  # noqa: E402
from models.types import utcnow  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.extensions import gateway  # noqa: E402
from server.jobs.tags import TAGGING_PATHS, run_sync  # noqa: E402
from server.operations.core.audit import Actor  # noqa: E402
from server.operations.policies.tag_plan import BATCH, desired_refs, plan_tags, tag_for_audience  # noqa: E402
from server.operations.policies.topics import add_topic  # noqa: E402
from server.seeds.scale import seed_network  # noqa: E402

DB_NAME = "veterans_bench_tags"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
TOPICS = (
    "就业创业",
    "优抚待遇",
    "医疗保障",
    "教育",
    "住房",
    "社保接续",
    "法律援助",
    "优待证",
    "荣誉激励",
    "困难帮扶",
)
ROWS = 5000  # rows per INSERT, openids per POST /sandbox/api/followers
CHILD = "--worker"
SANDBOX = "--sandbox"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument(
        "--latency", type=int, default=50, help="ms the sandbox adds to each call (default 50)"
    )
    parser.add_argument(CHILD, action="store_true", help=argparse.SUPPRESS)  # the worker to be killed
    parser.add_argument(SANDBOX, type=int, help=argparse.SUPPRESS)  # the sandbox, on this port
    options = parser.parse_args(argv)
    if options.worker:
        return run_worker()
    if options.sandbox:
        return run_sandbox(options.sandbox, options.latency)
    port = services.free_port()
    env = environment(f"http://127.0.0.1:{port}")
    services.prepare_services(DB_NAME, REDIS_URL)
    os.environ.update(env)
    app = create_app(Config.from_env(env))
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    command = [sys.executable, __file__, SANDBOX, str(port), "--latency", str(options.latency)]
    with app.app_context(), tempfile.TemporaryFile() as log:
        openids = seed(options.followers)
        with subprocess.Popen(command, **quiet(env, log)) as sandbox:
            try:
                wait_ready(f"{env['WECHAT_API_BASE']}sandbox/api/faults")
                follow_in_sandbox(env["WECHAT_API_BASE"], openids)
                measure(env, options.latency)
            finally:
                sandbox.terminate()
    return 0


def environment(sandbox):
    return services.app_env() | {
        "DATABASE_URL": f"{services.PG_SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "WECHAT_API_BASE": f"{sandbox}/",
        "SANDBOX_CALLBACK_URL": "http://127.0.0.1:9/wechat",  # nothing listens: only WeChat's API is used
        "FLASK_APP": "wsgi",
    }


def seed(count):
    """5 counties of 5 townships of 8 villages, the 10 topics, `count` followers: their openids."""
    rng = random.Random(2026)
    seed_network(5, 5, 8)
    system = Actor.system("bench")
    topics = [add_topic(name, system).id for name in TOPICS]
    villages = db.session.scalars(select(Station.id).filter_by(level="village")).all()
    categories = db.session.scalars(select(VeteranCategory.id).filter_by(active=True)).all()
    db.session.commit()
    openids, now = [f"oBenchTag{n:019d}" for n in range(count)], utcnow()
    for start in range(0, count, ROWS):
        rows = [(n, openids[n], rng.choice(villages)) for n in range(start, min(start + ROWS, count))]
        db.session.execute(
            insert(Follower), [{"id": n + 1, "openid": o, "station_id": s} for n, o, s in rows]
        )
        registered = [r for r in rows if rng.random() < 0.6]
        db.session.execute(
            insert(Veteran),
            [
                {"id": n + 1, "state": "approved", "source": "chat", "openid": o, "station_id": s,
                 "category_id": rng.choice(categories), "submitted_at": now}
                for n, o, s in registered
            ],
        )  # fmt: skip
        subscribed = [r for r in rows if rng.random() < 0.5]
        db.session.execute(insert(PolicySubscriber), [{"id": n + 1, "openid": o} for n, o, _ in subscribed])
        db.session.execute(
            insert(policy_subscription),
            [
                {"subscriber_id": n + 1, "topic_id": t}
                for n, _, _ in subscribed
                for t in rng.sample(topics, 2)
            ],
        )
        db.session.commit()
    return openids


def follow_in_sandbox(sandbox, openids):
    for start in range(0, len(openids), ROWS):
        body = {"openids": openids[start : start + ROWS]}
        requests.post(f"{sandbox}sandbox/api/followers", json=body, timeout=60).raise_for_status()


def measure(env, latency):
    planned = plan_tags()
    members = Counter((kind, ref) for _, _, kind, ref in desired_refs())
    fewest = len(planned) + sum(math.ceil(n / BATCH) for n in members.values())
    pairs = sum(members.values())
    followers = db.session.scalar(select(func.count(Follower.id)))
    print(f"{followers} followers, {len(planned)} tags, {pairs} taggings")
    print(f"fewest calls WeChat's limits allow: {fewest} ({len(planned)} tags made + Σ ⌈members / {BATCH}⌉)")
    print(f"bound at {latency} ms a call, one after another: {fewest * latency / 1000:.1f} s\n")
    started = time.monotonic()
    killed_after = kill_halfway(env, pairs)
    waited, report = resume()
    took = time.monotonic() - started - waited
    print(f"worker killed after {killed_after:.1f} s; the resumed sync waited {waited:.1f} s for the lock")
    print(f"resumed sync: {report.calls} calls, {report.tagged} taggings")
    check(env, fewest, took, latency)
    started = time.monotonic()
    again = run_sync(wait=False)
    print(f"reconciliation with nothing to change: {again.calls} call(s), {time.monotonic() - started:.1f} s")


def kill_halfway(env, pairs):
    """The sync in a worker process, killed with SIGKILL once half the taggings are recorded."""
    started = time.monotonic()
    command = [sys.executable, __file__, CHILD]
    with subprocess.Popen(command, cwd=services.ROOT, env=os.environ | env) as worker:
        while db.session.scalar(select(func.count()).select_from(FollowerTag)) < pairs // 2:
            db.session.rollback()
            if worker.poll() is not None:
                raise RuntimeError("the worker ended before it was killed")
            time.sleep(0.2)
        worker.kill()
    db.session.rollback()
    return time.monotonic() - started


def run_sandbox(port, latency):
    """`flask sandbox run` as SANDBOX_LATENCY_MS sets it, but keeping nothing on disk: it writes its
    whole state (100,000 users) to a file after every POST, which WeChat does not make us wait for."""
    from werkzeug.serving import run_simple

    from server.sandbox.app import create_sandbox_app

    config = Config.from_env(dict(os.environ))
    sandbox = create_sandbox_app(config, os.environ["SANDBOX_CALLBACK_URL"], None, latency_ms=latency)
    run_simple("127.0.0.1", port, sandbox, threaded=True)
    return 0


def run_worker():
    app = create_app(Config.from_env(dict(os.environ)))
    with app.app_context():
        run_sync(wait=False)
    return 0


def resume():
    """(seconds waited for the killed worker's lock, the report of the sync that finished the job)."""
    started = time.monotonic()
    while True:
        sync_started = time.monotonic()
        report = run_sync(wait=False)
        if report is not None:
            return sync_started - started, report
        time.sleep(1)


def check(env, fewest, took, latency):
    calls = requests.get(f"{env['WECHAT_API_BASE']}sandbox/api/outbox", timeout=120).json()
    tag_calls = [c for c in calls if c["path"] in TAGGING_PATHS]
    sent = Counter((c["body"]["tagid"], o) for c in tag_calls for o in c["body"]["openid_list"])
    repeated = sum(n - 1 for n in sent.values() if n > 1)
    paths = Counter(c["path"] for c in calls if "token" not in c["path"])
    total = sum(paths.values())
    largest = max(len(c["body"]["openid_list"]) for c in tag_calls)
    print(f"calls made: {total} ({', '.join(f'{p} {n}' for p, n in paths.items())}); fewest {fewest}")
    print(f"taggings sent twice: {repeated} (at most the batch in flight when the worker was killed)")
    print(f"largest batch: {largest} openids (WeChat's limit {BATCH})")
    print(f"sync time without the lock wait: {took:.1f} s; bound {fewest * latency / 1000:.1f} s; "
          f"{took / total * 1000:.1f} ms a call against {latency} ms of latency")  # fmt: skip
    print(f"WeChat's members of every tag are ours: {'yes' if in_step() else 'NO'}")


def in_step():
    for tag in plan_tags():
        ours = {o for _, o, _, _ in desired_refs(kind=tag.kind, ref_id=tag.ref_id)}
        tag_id = tag_for_audience(tag.kind, tag.ref_id)
        answer = gateway().call(gateway().official.tag.get_tag_users, tag_id)
        if set(answer.get("data", {}).get("openid", [])) != ours:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
