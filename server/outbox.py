"""Jobs an operation asks for, queued only once its transaction commits (and never if it rolls back).

Operations flush and never commit, so they cannot enqueue directly: a job could run before the
data it needs is committed, or for work that is later rolled back. So they write in the outbox
"run job X with these arguments after this commit", naming the job by its dotted path: the outbox
imports no job module. At the commit each job is looked up in `server.jobs.REGISTRY` and queued as
its `@job` declares (its queue, retries and how long a failure is kept).

A job that cannot be queued (Redis is down) is logged and left: the work it stands for is committed
in the database (a pending notification, a pending attachment), where the periodic sweeps find it.
Raising here would report a committed action as failed, and the person would do it twice.
"""

import logging

from redis.exceptions import RedisError

from server.jobs import registered

KEY = "outbox"
log = logging.getLogger(__name__)


def after_commit(session, job_path, *args, job_id=None):
    """Queue the job at `job_path` (a dotted name) with `args` when `session` commits."""
    session.info.setdefault(KEY, []).append((job_path, args, job_id))


def _send(session):
    for job_path, args, job_id in session.info.pop(KEY, []):
        try:
            registered(job_path).enqueue(*args, job_id=job_id)
        except RedisError as error:
            log.warning("%s%s not queued, left for the periodic sweep: %s", job_path, args, error)


def _forget(session):
    session.info.pop(KEY, None)


# Installed on the app's session by the app factory (server/__init__.py).
LISTENERS = (("after_commit", _send), ("after_rollback", _forget))
