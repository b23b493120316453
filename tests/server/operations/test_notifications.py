from sqlalchemy import select

from models import Notification
from server.operations.messaging.notifications import notify


def _notify(db, openid):
    notification = notify(
        openid,
        "registration_result",
        "您的登记已审核通过",
        template_key="registration_result",
        template_values={
            "thing1": "退役军人和其他优抚对象信息登记",
            "phrase2": "审核通过",
            "thing3": "一个超过二十个字的说明文字会被系统截断并且加上省略号",
            "time4": "2026年11月22日",
        },
    )
    db.session.commit()
    return notification.id


def test_inside_the_window_a_customer_service_message_goes(wechat, jobs, db):
    wechat.follow("oNote1")
    wechat.say("oNote1", "你好")
    notification_id = _notify(db, "oNote1")
    jobs.run()
    notification = db.session.get(Notification, notification_id)
    assert (notification.state, notification.channel) == ("sent", "custom")
    assert (
        wechat.outbox(path="/cgi-bin/message/custom/send")[0]["body"]["text"]["content"]
        == "您的登记已审核通过"
    )


def test_outside_the_window_the_template_fallback_goes(wechat, jobs, db):
    wechat.follow("oNote2")
    wechat.advance(3 * 24 * 3600)
    notification_id = _notify(db, "oNote2")
    jobs.run()
    notification = db.session.get(Notification, notification_id)
    assert (notification.state, notification.channel) == ("fallback_sent", "template")
    assert notification.detail["custom_errcode"] == 45015
    sent = wechat.outbox(path="/cgi-bin/message/template/send")[0]
    assert sent["truncated"] == []  # we cut long values ourselves
    assert (
        sent["body"]["data"]["thing3"]["value"].endswith("…")
        and len(sent["body"]["data"]["thing3"]["value"]) == 20
    )


def test_wechat_down_keeps_it_pending_and_it_goes_when_back(wechat, jobs, db):
    wechat.follow("oNote3")
    wechat.say("oNote3", "你好")
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": -1})
    notification_id = _notify(db, "oNote3")
    jobs.run()
    assert db.session.get(Notification, notification_id).state == "pending"
    wechat.clear_faults()
    jobs.run_retries()
    assert db.session.get(Notification, notification_id).state == "sent"


def test_a_user_who_left_gets_a_failed_notification_with_wechats_code(wechat, jobs, db):
    wechat.follow("oNote4")
    wechat.send("oNote4", "event", event="unsubscribe")
    notification_id = _notify(db, "oNote4")
    jobs.run()
    notification = db.session.get(Notification, notification_id)
    assert (notification.state, notification.errcode) == ("failed", 43004)


def test_nothing_is_sent_when_the_transaction_rolls_back(wechat, jobs, db):
    notify("oNote5", "registration_result", "不会发出")
    db.session.rollback()
    jobs.run()
    assert db.session.scalars(select(Notification)).all() == []
    assert wechat.outbox(path="/cgi-bin/message/custom/send") == []
