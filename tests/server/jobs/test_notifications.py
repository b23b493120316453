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


SUBSCRIBE = "/cgi-bin/message/subscribe/send"


def for_the_miniapp(db, miniapp_openid):
    notification = notify(
        None,
        "booking_confirmed",
        "预约成功",
        template_key="miniapp_appointment",
        template_values={"thing1": "政策咨询", "time2": "2026年12月08日 09:30", "thing3": "甲一甲村站"},
        page="pages/bookings/detail?id=1",
        miniapp_openid=miniapp_openid,
    )
    db.session.commit()
    return notification.id


def test_a_mini_program_user_who_tapped_gets_one_subscribe_message(db, wechat, jobs):
    wechat.grant_subscribe("oTap1_mp", "sandbox_miniapp_appointment")
    first, second = for_the_miniapp(db, "oTap1_mp"), for_the_miniapp(db, "oTap1_mp")
    jobs.run()
    sent = [m for m in wechat.outbox(path=SUBSCRIBE) if m["result"] == 0]
    assert [(m["openid"], m["body"]["template_id"]) for m in sent] == [
        ("oTap1_mp", "sandbox_miniapp_appointment")
    ]
    assert sent[0]["body"]["page"] == "pages/bookings/detail?id=1"
    notifications = [db.session.get(Notification, i) for i in (first, second)]
    assert [(n.state, n.channel, n.errcode) for n in notifications] == [
        ("sent", "subscribe", None),
        ("failed", None, 43101),
    ]


def test_without_a_tap_wechat_refuses_and_it_fails_for_good_with_the_reason(db, wechat, jobs):
    wechat.grant_subscribe("oTap2_mp", "sandbox_miniapp_reminder")  # a tap for another message
    notification_id = for_the_miniapp(db, "oTap2_mp")
    jobs.run()
    jobs.run_retries()
    notification = db.session.get(Notification, notification_id)
    assert (notification.state, notification.errcode, notification.attempts) == ("failed", 43101, 1)
    assert notification.detail["reason"] == "no subscribe-message tap left for this template"
    assert len(wechat.outbox(path=SUBSCRIBE)) == 1
