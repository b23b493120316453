"""Jobs an operation asks for, enqueued only once its transaction commits (and never if it rolls back).

Operations flush and never commit, so they cannot enqueue directly: a job could run before the
data it needs is committed, or for work that is later rolled back.

A job that cannot be queued (Redis is down) is logged and left: the work it stands for is committed
in the database (a pending notification, a pending attachment), where the periodic sweeps find it.
Raising here would report a committed action as failed, and the person would do it twice.
"""

import logging

from flask import current_app
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.jobs import declared_retry

KEY = "enqueue_after_commit"
log = logging.getLogger(__name__)


def enqueue_after_commit(session, job_path, *args, queue="default", job_id=None):
    """Queue `job_path` (a dotted job name) with `args` when `session` commits."""
    session.info.setdefault(KEY, []).append((job_path, args, queue, job_id))


@event.listens_for(Session, "after_commit")
def _enqueue(session):
    pending = session.info.pop(KEY, [])
    if not pending:
        return
    connection = current_app.extensions["redis"]
    for job_path, args, queue, job_id in pending:
        try:
            Queue(queue, connection=connection).enqueue(
                job_path, *args, job_id=job_id, retry=declared_retry(job_path)
            )
        except RedisError as error:
            log.warning("%s%s not queued, left for the periodic sweep: %s", job_path, args, error)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(KEY, None)
