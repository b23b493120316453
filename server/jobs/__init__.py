"""Background work on RQ. Jobs take ids, run in an app context, call operations, commit themselves."""

import functools
import importlib

from flask import current_app, has_app_context
from rq import Queue, Retry

QUEUES = ("wechat", "default", "low")
REGISTRY = {}  # dotted name -> job function, for the outbox (server/outbox.py) to queue it by name
RETRY_INTERVALS = [10, 60, 300]
FAILURE_TTL = 7 * 24 * 3600  # a job that failed for good is kept a week, to be looked at
_worker_app = None


def job(queue="default", retries=3):
    """Make `func` a job: `func.enqueue(*ids, job_id=...)` queues it; running it pushes an app context."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")

    def decorate(func):
        @functools.wraps(func)
        def run(*args):
            with _app().app_context():
                return func(*args)

        def enqueue(*args, job_id=None):
            connection = current_app.extensions["redis"]
            return Queue(queue, connection=connection).enqueue(
                run, *args, job_id=job_id, retry=retry_policy(retries), failure_ttl=FAILURE_TTL
            )

        run.enqueue = enqueue
        run.queue = queue
        REGISTRY[f"{func.__module__}.{func.__name__}"] = run
        return run

    return decorate


def retry_policy(retries):
    """RQ's retry for a job declared with `retries` tries after the first (none for 0)."""
    return Retry(max=retries, interval=RETRY_INTERVALS[:retries]) if retries else None


def registered(job_path):
    """The job at `job_path` (a dotted name); importing its module declares it."""
    importlib.import_module(job_path.rpartition(".")[0])
    return REGISTRY[job_path]


def _app():
    """The current app (tests, CLI worker, embedded thread) or, in a bare RQ worker, one built once."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from server import create_app

        _worker_app = create_app()
    return _worker_app


def queues(connection):
    return [Queue(name, connection=connection) for name in QUEUES]
