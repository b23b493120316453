"""Delivering one notification: claimed before the call, so it goes at most once whatever runs twice."""

from datetime import timedelta

from models import Notification
from models.types import utcnow
from server.jobs import notifications as notification_jobs
from server.operations.messaging.notifications import notify

CUSTOM = "/cgi-bin/message/custom/send"


def pending(db, openid):
    notification = notify(openid, "booking_confirmed", "预约成功")
    db.session.commit()
    return notification.id


def test_a_notification_claimed_by_a_worker_that_died_during_the_call_is_unconfirmed_not_resent(
    db, wechat, jobs, monkeypatch
):
    wechat.follow("oClaim1")
    notification_id = pending(db, "oClaim1")
    claimed = db.session.get(Notification, notification_id)
    claimed.state, claimed.last_attempt_at = "sending", utcnow()  # as the dead worker left it
    db.session.commit()
    jobs.run()  # its own job finds it taken
    notification_jobs.resend_pending_notifications()
    assert db.session.get(Notification, notification_id).state == "sending"  # its call may be under way
    later = utcnow() + notification_jobs.RESEND_AFTER + timedelta(seconds=1)
    monkeypatch.setattr(notification_jobs, "utcnow", lambda: later)
    notification_jobs.resend_pending_notifications()
    jobs.run()
    assert db.session.get(Notification, notification_id).state == "unconfirmed"
    assert wechat.outbox(path=CUSTOM) == []


def test_a_notification_queued_twice_goes_once(db, wechat, jobs):
    wechat.follow("oClaim2")
    notification_id = pending(db, "oClaim2")
    notification_jobs.deliver_notification.enqueue(notification_id)
    jobs.run()
    assert db.session.get(Notification, notification_id).state == "sent"
    assert [m["openid"] for m in wechat.outbox(path=CUSTOM)] == ["oClaim2"]
