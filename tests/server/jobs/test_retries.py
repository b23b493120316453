"""Retries run at their intervals: the embedded worker and `flask worker` put due retries back on
their queues (RQ's scheduler), so a photo whose download failed is stored once WeChat is back; a
sweep picks up what outlasted the retries. Time is driven, not waited for."""

import time
from datetime import timedelta

import pytest
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select, update

from menus import MenuKey
from models import Attachment
from models.types import utcnow
from server.jobs import RETRY_INTERVALS, queues
from server.jobs import service_requests as request_jobs
from server.jobs.embedded import EmbeddedWorker
from server.outbox import after_commit
from tests.handlers.test_requests import bound, jpeg, media

MEDIA_GET = "/cgi-bin/media/get"


def filed_with_a_photo(wechat, sandbox, openid="oPhoto1"):
    bound(wechat, openid)
    wechat.click(openid, MenuKey.FILE_REQUEST)
    wechat.say(openid, "1")
    wechat.say(openid, "家里房子漏雨，老人住着不安全")
    wechat.send(openid, "image", media_id=media(sandbox, "image", jpeg()))
    wechat.say(openid, "好了")
    wechat.say(openid, "提交")


def photo_state(db):
    db.session.expire_all()
    return db.session.scalars(select(Attachment.state)).one()


def waiting_to_retry(app):
    return sum(len(ScheduledJobRegistry(queue=q).get_job_ids()) for q in queues(app.extensions["redis"]))


def until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


@pytest.fixture
def later(monkeypatch):
    """`later(seconds)`: RQ's scheduler sees the clock that far ahead."""
    import rq.scheduler

    real = rq.scheduler.current_timestamp

    def move(seconds):
        monkeypatch.setattr(rq.scheduler, "current_timestamp", lambda: real() + seconds)

    return move


def test_a_photo_whose_download_failed_is_stored_within_a_minute_of_wechat_coming_back(
    app, db, network, wechat, sandbox, later
):
    wechat.faults(errcodes={MEDIA_GET: 45009})  # WeChat's quota for the day: try again later
    filed_with_a_photo(wechat, sandbox)
    worker = EmbeddedWorker(app, poll=0.1).start()
    try:
        assert until(lambda: waiting_to_retry(app) == 1), "the failed download was not set to retry"
        assert photo_state(db) == "pending"
        wechat.clear_faults()  # WeChat is back
        later(60)
        assert until(lambda: photo_state(db) == "stored"), "the retry did not run within a minute"
    finally:
        worker.stop()


def test_flask_worker_runs_with_rqs_scheduler(app, db, network, wechat, sandbox, jobs, later, settings):
    if settings.embedded_redis:
        pytest.skip("flask worker needs REDIS_URL; the embedded worker is tested above")
    wechat.faults(errcodes={MEDIA_GET: 45009})
    filed_with_a_photo(wechat, sandbox)
    jobs.run()
    assert waiting_to_retry(app) == 1
    wechat.clear_faults()
    later(RETRY_INTERVALS[0])
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert photo_state(db) == "stored"


def test_the_sweep_fetches_photos_still_pending_after_the_retries(app, db, network, wechat, sandbox, jobs):
    wechat.faults(errcodes={MEDIA_GET: 45009})
    filed_with_a_photo(wechat, sandbox)
    jobs.run()
    for queue in queues(app.extensions["redis"]):  # the retries ran out
        registry = ScheduledJobRegistry(queue=queue)
        for job_id in registry.get_job_ids():
            registry.remove(job_id)
    wechat.clear_faults()
    request_jobs.refetch_pending_attachments()
    jobs.run()
    assert photo_state(db) == "pending"  # too fresh: its own retries may still be running
    db.session.execute(update(Attachment).values(created_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()
    request_jobs.refetch_pending_attachments()
    jobs.run()
    assert photo_state(db) == "stored"


def test_jobs_queued_after_a_commit_keep_their_own_retry_settings(app, db):
    after_commit(db.session, "server.jobs.notifications.deliver_notification", 1)
    after_commit(db.session, "server.jobs.service_requests.refetch_pending_attachments")
    db.session.commit()
    connection = app.extensions["redis"]
    retries = {
        job.func_name.rpartition(".")[2]: (job.retries_left, job.retry_intervals)
        for queue in queues(connection)
        for job in queue.jobs
    }
    assert retries == {
        "deliver_notification": (3, RETRY_INTERVALS),
        "refetch_pending_attachments": (None, None),
    }
