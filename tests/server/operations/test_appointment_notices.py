"""What a person is told about their appointment or event sign-up, read where WeChat received it (the
sandbox): a customer-service message inside the 48-hour window, else the 预约办理提醒 / 活动报名通知
template; the typed check-in code is the 6-digit short code; nothing about anyone else."""

from datetime import datetime, time, timedelta

import pytest

from models import Booking, Notification, db
from models.types import utcnow
from server.jobs import appointments as appointment_jobs
from server.operations.appointments import people, sweeps
from server.operations.appointments.bookings import book_slot, cancel_booking
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.desk import cancel_for_closure, close_slot, mark_no_show
from server.operations.appointments.station_events import cancel_signup, create_event, sign_up
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local, local_date
from tests.support.appointments import setup_appointments

CUSTOM = "/cgi-bin/message/custom/send"
TEMPLATE = "/cgi-bin/message/template/send"
STAFF = Actor.system("测试")
NAME, MOBILE = "张建国", "13912345678"


def in_window(wechat, openid):
    wechat.follow(openid)
    wechat.say(openid, "你好")


def out_of_window(wechat, openid):
    wechat.follow(openid)
    wechat.advance(3 * 24 * 3600)


def person(openid):
    """A follower whose record carries a name and mobile: no notice may show them."""
    return named(openid, NAME, MOBILE)


def named(openid, name, mobile):
    """A registered person who follows the account and uses the mini-program too."""
    return people.Person(
        f"v:{openid}", openid=openid, miniapp_openid=f"{openid}_mp", name=name, mobile=mobile
    )


def book(appointments, who, slot=0, code="A1a"):
    schedule = appointments.schedule(code, "政策咨询")
    starts_at = appointments.free_slots(code, "政策咨询")[slot].starts_at
    booking = book_slot(who, schedule, starts_at, "miniapp", Actor.person("x"))  # chat confirms itself
    db.session.commit()
    return booking


def texts_to(wechat, openid):
    return [m["body"]["text"]["content"] for m in wechat.outbox(path=CUSTOM) if m["openid"] == openid]


def templates_to(wechat, openid):
    return [m for m in wechat.outbox(path=TEMPLATE) if m["openid"] == openid]


def private(text):
    return NAME not in text and MOBILE not in text and MOBILE[-4:] not in text


def test_the_confirmation_inside_the_window_is_a_message_with_the_short_code(appointments, wechat, jobs):
    in_window(wechat, "oBook1")
    booking = book(appointments, person("oBook1"))
    jobs.run()
    [text] = texts_to(wechat, "oBook1")
    code = short_code_for("B", booking.id, booking.day)
    assert text.startswith("预约成功：政策咨询") and f"签到码：{code}" in text
    assert "请携带：身份证" in text and private(text)
    assert wechat.outbox(path=TEMPLATE) == []


def test_the_confirmation_outside_the_window_is_the_appointment_template(appointments, wechat, jobs, db):
    out_of_window(wechat, "oBook2")
    booking = book(appointments, person("oBook2"))
    jobs.run()
    [sent] = templates_to(wechat, "oBook2")
    assert sent["title"] == "预约办理提醒"
    assert sent["fields"] == [
        ["办理事项", "政策咨询"],
        ["预约时间", local(booking.starts_at).strftime("%Y年%m月%d日 %H:%M")],
        ["办理地点", booking.station.name],
        ["温馨提示", "预约成功"],
    ]
    assert sent["body"]["miniprogram"]["pagepath"] == f"pages/bookings/detail?id={booking.id}"
    notification = db.session.scalars(db.select(Notification).filter_by(kind="booking_confirmed")).one()
    assert (notification.state, notification.channel) == ("fallback_sent", "template")


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), LOCAL)


def test_the_reminder_goes_at_18_00_china_time_the_day_before(appointments, wechat, jobs, monkeypatch):
    in_window(wechat, "oRemind1")
    booking = book(appointments, person("oRemind1"))
    jobs.run()
    wechat.clear_outbox()
    monkeypatch.setattr(sweeps, "utcnow", lambda: at(booking.day - timedelta(days=1), 17, 59))
    appointment_jobs.send_reminders()
    jobs.run()
    assert texts_to(wechat, "oRemind1") == []
    monkeypatch.setattr(sweeps, "utcnow", lambda: at(booking.day - timedelta(days=1), 18))
    appointment_jobs.send_reminders()
    jobs.run()
    [text] = texts_to(wechat, "oRemind1")
    assert text.startswith("预约提醒：您明天") and short_code_for("B", booking.id, booking.day) in text
    assert private(text)


def test_the_reminder_outside_the_window_is_the_template(appointments, wechat, jobs, monkeypatch):
    out_of_window(wechat, "oRemind2")
    booking = book(appointments, person("oRemind2"))
    monkeypatch.setattr(sweeps, "utcnow", lambda: at(booking.day - timedelta(days=1), 18, 5))
    appointment_jobs.send_reminders()
    jobs.run()
    sent = templates_to(wechat, "oRemind2")
    assert [s["fields"][3] for s in sent] == [["温馨提示", "预约成功"], ["温馨提示", "明天办理，请按时到站"]]


def test_staff_cancelling_tells_the_person_why_and_offers_other_times(appointments, wechat, jobs):
    in_window(wechat, "oCancel1")
    booking = book(appointments, person("oCancel1"))
    cancel_booking(booking, STAFF, "窗口设备检修", by_staff=True)
    db.session.commit()
    jobs.run()
    confirmation, cancelled = texts_to(wechat, "oCancel1")
    assert "已被服务站取消，原因：窗口设备检修" in cancelled and "可改约的时间：" in cancelled
    assert private(cancelled)


def test_closing_a_slot_tells_each_person_in_it_only_about_their_own_booking(network, wechat, jobs):
    appointments = setup_appointments(network, desks=2, held_back=0)
    for openid in ("oClose1", "oClose2"):
        in_window(wechat, openid)
    first = book(appointments, named("oClose1", "李一", "13900000001"))
    book(appointments, named("oClose2", "王二", "13900000002"))
    assert db.session.execute(db.select(Booking.starts_at).distinct()).scalars().all() == [first.starts_at]
    close_slot(first.schedule, first.starts_at, "临时停电", STAFF)
    db.session.commit()
    jobs.run()
    for openid, other in (("oClose1", "王二"), ("oClose2", "李一")):
        told = texts_to(wechat, openid)
        assert len(told) == 2 and "原因：临时停电" in told[1]
        assert not any(other in text or "1390000000" in text for text in told)


def test_a_closure_tells_everyone_booked_on_those_days_by_template_outside_the_window(
    appointments, network, wechat, jobs
):
    out_of_window(wechat, "oShut1")
    booking = book(appointments, person("oShut1"))
    cancel_for_closure(network.station("A1a"), booking.day, booking.day, "站点装修", STAFF)
    db.session.commit()
    jobs.run()
    sent = templates_to(wechat, "oShut1")
    assert [s["fields"][3][1] for s in sent] == ["预约成功", "服务站已取消，请改约"]


@pytest.fixture
def event(network):
    staff = network.staff("head_a1")
    starts = datetime.combine(local_date(utcnow()) + timedelta(days=5), time(9), LOCAL)
    made = create_event(
        network.station("A1"), Actor.of(staff), staff, kind="health_check", title="免费体检", place="卫生院",
        capacity=1, starts_at=starts, ends_at=starts + timedelta(hours=3), signup_until=starts,
    )  # fmt: skip
    db.session.commit()
    return made


def test_the_waiting_list_moving_someone_up_tells_them_with_their_code(event, wechat, jobs):
    in_window(wechat, "oWait1")
    out_of_window(wechat, "oWait2")
    in_window(wechat, "oWait1")  # the clock moved: oWait1 speaks again
    first = sign_up(person("oWait1"), event, "chat")
    second = sign_up(person("oWait2"), event, "chat")
    db.session.commit()
    cancel_signup(first, Actor.person("x"))
    db.session.commit()
    jobs.run()
    statuses = [s["fields"][3] for s in templates_to(wechat, "oWait2")]
    assert statuses == [["报名状态", "已进入候补"], ["报名状态", "候补转为正式报名"]]
    assert templates_to(wechat, "oWait2")[1]["title"] == "活动报名通知"
    day = local(event.starts_at).date()
    promoted = db.session.execute(db.select(Notification).filter_by(kind="event_promoted")).scalar_one()
    assert f"签到码：{short_code_for('E', second.id, day)}" in promoted.text and private(promoted.text)


def test_staff_cancelling_a_sign_up_tells_the_person(event, wechat, jobs):
    in_window(wechat, "oWait3")
    signup = sign_up(person("oWait3"), event, "chat")
    db.session.commit()
    cancel_signup(signup, STAFF, "名额调整", by_staff=True)
    db.session.commit()
    jobs.run()
    told = texts_to(wechat, "oWait3")
    assert len(told) == 2 and "服务站取消了您“免费体检”" in told[1] and "原因：名额调整" in told[1]


def test_the_no_show_that_starts_a_hold_tells_the_person_why_and_whom_to_call(
    appointments, wechat, jobs, configure
):
    configure(no_show_limit=1)
    in_window(wechat, "oMiss1")
    booking = book(appointments, person("oMiss1"))
    booking.starts_at = utcnow() - timedelta(hours=1)
    mark_no_show(booking, STAFF)
    db.session.commit()
    jobs.run()
    confirmation, hold = texts_to(wechat, "oMiss1")
    assert "暂停网上预约" in hold and "拨打电话" in hold and private(hold)


def test_someone_booked_by_phone_without_wechat_is_sent_nothing(appointments, network, wechat, jobs, db):
    clerk = network.staff("clerk_a1a")
    starts_at = appointments.free_slots("A1a", "政策咨询", for_staff=True)[0].starts_at
    schedule = appointments.schedule("A1a", "政策咨询")
    book_slot(people.by_phone(NAME, MOBILE), schedule, starts_at, "phone", Actor.of(clerk), staff=clerk)
    db.session.commit()
    jobs.run()
    assert db.session.execute(db.select(Notification)).scalars().all() == []
    assert wechat.outbox(path=CUSTOM) == wechat.outbox(path=TEMPLATE) == []


SUBSCRIBE = "/cgi-bin/message/subscribe/send"


def test_a_mini_program_only_person_gets_a_subscribe_message_per_tap_and_none_without(
    appointments, wechat, jobs, db, monkeypatch
):
    taps = ("miniapp_appointment", "miniapp_reminder")
    wechat.grant_subscribe("oMini1_mp", *(f"sandbox_{tap}" for tap in taps))
    who = people.on_miniapp("oMini1_mp")
    schedule = appointments.schedule("A1a", "政策咨询")
    starts_at = appointments.free_slots("A1a", "政策咨询")[0].starts_at
    booking = book_slot(who, schedule, starts_at, "miniapp", Actor.person("x"), subscribed=taps)
    db.session.commit()
    monkeypatch.setattr(sweeps, "utcnow", lambda: at(booking.day - timedelta(days=1), 18))
    appointment_jobs.send_reminders()
    cancel_booking(booking, STAFF, "窗口设备检修", by_staff=True)  # its tap was used for the confirmation
    db.session.commit()
    jobs.run()
    sent = wechat.outbox(path=SUBSCRIBE)
    assert [(m["openid"], m["body"]["template_id"], m["result"]) for m in sent] == [
        ("oMini1_mp", "sandbox_miniapp_appointment", 0),
        ("oMini1_mp", "sandbox_miniapp_reminder", 0),
    ]
    assert sent[1]["body"]["data"]["thing4"]["value"] == "明天办理，请按时到站"
    kinds = db.session.scalars(db.select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["booking_confirmed", "booking_reminder"]
    assert db.session.get(Booking, booking.id).subscribed == []
    assert wechat.outbox(path=CUSTOM) == wechat.outbox(path=TEMPLATE) == []


def test_an_event_is_reminded_the_evening_before_with_the_code(event, wechat, jobs, monkeypatch):
    out_of_window(wechat, "oEvent1")
    signup = sign_up(person("oEvent1"), event, "chat")
    db.session.commit()
    day = local(event.starts_at).date()
    monkeypatch.setattr(sweeps, "utcnow", lambda: at(day - timedelta(days=1), 18))
    appointment_jobs.send_reminders()
    appointment_jobs.send_reminders()
    jobs.run()
    statuses = [s["fields"][3][1] for s in templates_to(wechat, "oEvent1")]
    assert statuses == ["报名成功", "活动明天开始，请准时参加"]
    reminder = db.session.scalars(db.select(Notification).filter_by(kind="event_reminder")).one()
    assert f"签到码：{short_code_for('E', signup.id, day)}" in reminder.text and private(reminder.text)
