"""我的预约 in chat: the list with check-in codes, 取消预约 (confirmed), 改约, 签到码, the cut-off."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from menus import MenuKey
from models import Booking
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot, cancel_booking
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.core.audit import Actor


def booked(db, appointments, openid, index=0, name="政策咨询", code="A1a"):
    slot = appointments.free_slots(code, name)[index]
    booking = book_slot(
        people.on_chat(openid), appointments.schedule(code, name), slot.starts_at, "chat", Actor.person(None)
    )
    db.session.commit()
    return booking


def state_of(db, booking):
    db.session.expire_all()
    return db.session.get(Booking, booking.id).state


def test_the_list_shows_upcoming_bookings_with_their_codes(wechat, appointments, db):
    wechat.follow("oMine1", scene="st:A1a")
    booking = booked(db, appointments, "oMine1")
    listing = wechat.click("oMine1", MenuKey.MY_BOOKINGS)
    code = short_code_for("B", booking.id, booking.day)
    assert "即将上线" not in listing
    assert "1. 政策咨询｜" in listing and f"｜甲一甲村站｜已预约｜签到码{code}" in listing
    assert "回复序号查看和办理" in listing
    detail = wechat.say("oMine1", "1")
    assert f"签到码：{code}" in detail and "1. 取消预约\n2. 改约\n3. 签到码" in detail
    shown = wechat.say("oMine1", "签到码")
    assert f"签到码：{code}" in shown and "报出这6位签到码" in shown


def test_nothing_booked_points_to_the_menu(wechat, appointments):
    wechat.follow("oMine2", scene="st:A1a")
    assert "您目前没有未办理的预约" in wechat.say("oMine2", "我的预约")


def test_cancelling_asks_to_confirm(wechat, appointments, db):
    wechat.follow("oMine3", scene="st:A1a")
    booking = booked(db, appointments, "oMine3")
    wechat.click("oMine3", MenuKey.MY_BOOKINGS)
    wechat.say("oMine3", "1")
    assert "回复“确认取消”" in wechat.say("oMine3", "1")
    assert "已保留" in wechat.say("oMine3", "算了")
    assert state_of(db, booking) == "booked"
    wechat.say("oMine3", "取消预约")
    assert "已取消政策咨询" in wechat.say("oMine3", "确认取消")
    assert state_of(db, booking) == "cancelled"
    assert "您目前没有未办理的预约" in wechat.click("oMine3", MenuKey.MY_BOOKINGS)


def test_moving_to_another_time_of_the_same_station_and_service(wechat, appointments, db):
    wechat.follow("oMine4", scene="st:A1a")
    booking = booked(db, appointments, "oMine4")
    later = appointments.free_slots("A1a", "政策咨询")[0]  # the booked slot is full now
    wechat.click("oMine4", MenuKey.MY_BOOKINGS)
    wechat.say("oMine4", "1")
    days = wechat.say("oMine4", "改约")
    assert "【改约】政策咨询" in days and "甲一甲村站可预约的日期" in days
    times = wechat.say("oMine4", "1")
    assert f"1. {later.local_start:%H:%M} 余1" in times  # its own slot, now full, is not offered
    assert "新时间" in wechat.say("oMine4", "1")
    moved = wechat.say("oMine4", "确认")
    assert "改约成功" in moved and "原签到码作废" in moved
    db.session.expire_all()
    rows = db.session.scalars(select(Booking).filter_by(openid="oMine4").order_by(Booking.id)).all()
    assert [(b.state, b.starts_at) for b in rows] == [
        ("cancelled", booking.starts_at),
        ("booked", later.starts_at),
    ]


def test_past_the_cut_off_the_station_phone_is_given(wechat, appointments, db):
    wechat.follow("oMine5", scene="st:A1a")
    booking = booked(db, appointments, "oMine5")
    schedule = appointments.schedule("A1a", "政策咨询")
    schedule.cutoff_hours = int((booking.starts_at - booking.created_at) / timedelta(hours=1)) + 1
    db.session.commit()
    wechat.click("oMine5", MenuKey.MY_BOOKINGS)
    wechat.say("oMine5", "1")
    assert "0571-88000000" in wechat.say("oMine5", "改约")
    wechat.say("oMine5", "取消预约")
    refused = wechat.say("oMine5", "确认取消")
    assert "已不能在网上取消或改约" in refused and "0571-88000000" in refused
    assert state_of(db, booking) == "booked"


@pytest.mark.parametrize("opened", [[], ["1"], ["1", "取消预约"]])
def test_a_booking_removed_while_its_dialog_is_open_is_said_politely(wechat, appointments, db, opened):
    wechat.follow("oMine9", scene="st:A1a")
    booking = booked(db, appointments, "oMine9")
    wechat.click("oMine9", MenuKey.MY_BOOKINGS)
    for said in opened:
        wechat.say("oMine9", said)
    db.session.delete(db.session.get(Booking, booking.id))
    db.session.commit()
    reply = wechat.say("oMine9", ("1", "签到码", "确认取消")[len(opened)])
    assert reply.startswith("没有找到这个预约。\n您目前没有未办理的预约") and "抱歉" not in reply


def test_a_booking_whose_service_the_station_stopped_is_not_moved_and_stays(wechat, appointments, db):
    wechat.follow("oMine10", scene="st:A1a")
    booking = booked(db, appointments, "oMine10")
    wechat.click("oMine10", MenuKey.MY_BOOKINGS)
    wechat.say("oMine10", "1")
    appointments.schedule("A1a", "政策咨询").active = False
    db.session.commit()
    reply = wechat.say("oMine10", "改约")
    assert reply.startswith("“甲一甲村站”已暂停办理“政策咨询”，不能在网上改约") and "0571" in reply
    assert state_of(db, booking) == "booked"


def test_a_booking_cancelled_by_the_station_while_open_shows_no_code(wechat, appointments, db):
    wechat.follow("oMine11", scene="st:A1a")
    booking = booked(db, appointments, "oMine11")
    wechat.click("oMine11", MenuKey.MY_BOOKINGS)
    wechat.say("oMine11", "1")
    cancel_booking(db.session.get(Booking, booking.id), Actor.system("测试"), "停电", by_staff=True)
    db.session.commit()
    assert wechat.say("oMine11", "签到码") == "该预约现为“已取消”，没有签到码。"
