"""The outbox: an operation writes "run job X after this commit"; at the commit the job is queued as
its own `@job` declares, after a rollback it is forgotten, and with Redis down it is left for the
sweeps. The session listeners that do this (and keep the tally and the audit log) sit on the app's
session, once."""

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from models import audit, request_tally
from server import create_app, outbox
from server.jobs import FAILURE_TTL, RETRY_INTERVALS, queues
from server.operations.messaging.followers import follow
from server.outbox import after_commit

DELIVERY = "server.jobs.notifications.deliver_notification"  # queue "wechat", 3 retries
REFETCH = "server.jobs.service_requests.refetch_pending_attachments"  # queue "low", no retries
LISTENERS = (*audit.LISTENERS, *request_tally.LISTENERS, *outbox.LISTENERS)


def queued(app):
    """{job id: (job name, queue, retries left, retry intervals, failure ttl)} of what is queued."""
    return {
        job.id: (
            job.func_name.rpartition(".")[2],
            queue.name,
            job.retries_left,
            job.retry_intervals,
            job.failure_ttl,
        )
        for queue in queues(app.extensions["redis"])
        for job in queue.jobs
    }


def test_a_job_is_queued_at_the_commit_with_its_own_queue_retries_and_failure_ttl(app, db):
    # Job ids of this test's own, so that nothing another test left running can be taken for them
    ids = ("outbox-test-delivery", "outbox-test-refetch")
    after_commit(db.session, DELIVERY, 1, job_id=ids[0])
    after_commit(db.session, REFETCH, job_id=ids[1])
    assert not set(ids) & set(queued(app))
    db.session.commit()
    assert {job_id: job for job_id, job in queued(app).items() if job_id in ids} == {
        ids[0]: ("deliver_notification", "wechat", 3, RETRY_INTERVALS, FAILURE_TTL),
        ids[1]: ("refetch_pending_attachments", "low", None, None, FAILURE_TTL),
    }


def test_a_job_asked_for_in_a_transaction_that_rolls_back_is_never_queued(app, db):
    follow("oRolledBack")  # asks for the follower's unionid after the commit
    db.session.rollback()
    db.session.commit()
    assert queued(app) == {}
    follow("oCommitted")
    db.session.commit()
    assert [name for name, *_ in queued(app).values()] == ["fetch_unionid"]


def test_with_redis_down_the_commit_stands_and_the_job_is_left_for_the_sweep(app, db, redis_outage, caplog):
    after_commit(db.session, DELIVERY, 7)
    redis_outage.stop()
    db.session.commit()  # raises nothing: the work is committed
    redis_outage.start()
    assert queued(app) == {}
    assert any(
        r.levelno == logging.WARNING and DELIVERY in r.getMessage() and "not queued" in r.getMessage()
        for r in caplog.records
    )


def test_the_listeners_are_on_the_apps_session_not_on_every_sqlalchemy_session(app, db):
    for name, listener in LISTENERS:
        assert event.contains(db.session, name, listener), name
        assert not event.contains(Session, name, listener), name


def test_building_the_app_again_installs_each_listener_once(app, settings, db):
    create_app(settings)
    create_app(settings)
    session = db.session()
    for name, listener in LISTENERS:
        assert list(getattr(session.dispatch, name)).count(listener) == 1, name
