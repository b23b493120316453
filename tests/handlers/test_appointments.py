"""预约办事 in chat, through the sandbox and the app's /wechat: service, station, day, time, 确认."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from menus import MenuKey
from models import Booking, Notification
from models.types import utcnow
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from server.operations.veterans.registrations import register_walk_in
from server.timezone import local_date
from tests.support.veterans import values


def bookings(db, openid):
    db.session.expire_all()
    return db.session.scalars(select(Booking).filter_by(openid=openid).order_by(Booking.id)).all()


def up_to_times(wechat, openid):
    """From the menu to the first day's times of 政策咨询 at the person's own station."""
    wechat.click(openid, MenuKey.BOOK)
    wechat.say(openid, "1")
    wechat.say(openid, "1")
    return wechat.say(openid, "1")


def test_booking_from_the_menu_to_the_confirmation(wechat, appointments, db):
    wechat.follow("oBook1", scene="st:A1a")
    services = wechat.click("oBook1", MenuKey.BOOK)
    assert "即将上线" not in services
    assert "1. 政策咨询\n2. 优待证办理（需先登记建档）\n" in services  # not registered yet
    assert "困难帮扶申请" not in services  # not bookable online
    stations = wechat.say("oBook1", "政策咨询")
    assert "1. 甲一甲村站（您所在的服务站）\n2. 其他服务站" in stations
    days = wechat.say("oBook1", "1")
    first = appointments.free_slots("A1a", "政策咨询")[0]
    day = f"{first.local_start.month}月{first.local_start.day}日"
    assert re.search(rf"1\. {day} 周. 余14\n", days)  # 14 slots of one online place each
    times = wechat.say("oBook1", "1")
    assert f"1. {first.local_start:%H:%M} 余1" in times
    summary = wechat.say("oBook1", "1")
    assert "材料清单：身份证" in summary and "回复“确认”预约" in summary
    done = wechat.say("oBook1", "确认")
    assert "预约成功" in done and re.search(r"签到码：\d{6}", done)
    made = bookings(db, "oBook1")
    assert [(b.starts_at, b.channel, b.state) for b in made] == [(first.starts_at, "chat", "booked")]


def test_a_second_confirm_books_nothing_more(wechat, appointments, db):
    wechat.follow("oBook2", scene="st:A1a")
    up_to_times(wechat, "oBook2")
    wechat.say("oBook2", "1")
    assert "预约成功" in wechat.say("oBook2", "确认")
    assert "预约成功" not in (wechat.say("oBook2", "确认") or "")
    assert len(bookings(db, "oBook2")) == 1
    # the dialog's reply was the confirmation: no second one by customer-service message
    assert db.session.scalars(select(Notification).filter_by(openid="oBook2")).all() == []


def test_back_goes_one_step_and_cancel_leaves(wechat, appointments, db):
    wechat.follow("oBook3", scene="st:A1a")
    up_to_times(wechat, "oBook3")
    assert "可预约的日期" in wechat.say("oBook3", "上一步")
    assert "其他服务站" in wechat.say("oBook3", "上一步")
    others = wechat.say("oBook3", "2")
    assert "1. 甲区中心\n2. 甲一街道站\n3. 甲一甲村站" in others
    assert "（您所在的服务站）\n2. 其他服务站" in wechat.say("oBook3", "上一步")
    assert "请选择要预约的事项" in wechat.say("oBook3", "上一步")
    assert "已退出" in wechat.say("oBook3", "取消")
    assert bookings(db, "oBook3") == []


def test_another_station_of_the_county(wechat, appointments, db):
    wechat.follow("oBook4", scene="st:A1a")
    wechat.click("oBook4", MenuKey.BOOK)
    wechat.say("oBook4", "1")
    wechat.say("oBook4", "其他服务站")
    assert "甲一街道站可预约的日期" in wechat.say("oBook4", "2")
    wechat.say("oBook4", "1")
    wechat.say("oBook4", "1")
    wechat.say("oBook4", "确认")
    assert [b.station.name for b in bookings(db, "oBook4")] == ["甲一街道站"]


def test_a_slot_taken_meanwhile_offers_the_nearest_and_goes_back_to_the_times(wechat, appointments, db):
    wechat.follow("oBook5", scene="st:A1a")
    up_to_times(wechat, "oBook5")
    first, second = appointments.free_slots("A1a", "政策咨询")[:2]
    wechat.say("oBook5", "1")
    someone = people.on_chat("oSomeoneElse")
    book_slot(someone, appointments.schedule("A1a", "政策咨询"), first.starts_at, "chat", Actor.person(None))
    db.session.commit()
    full = wechat.say("oBook5", "确认")
    assert "所选时段已约满，最近可预约的时间" in full and f"1. {second.local_start:%H:%M} 余1" in full
    assert bookings(db, "oBook5") == []
    wechat.say("oBook5", "1")
    assert "预约成功" in wechat.say("oBook5", "确认")
    assert [b.starts_at for b in bookings(db, "oBook5")] == [second.starts_at]


def test_a_service_needing_registration_is_refused_to_an_unregistered_follower(wechat, appointments, db):
    wechat.follow("oBook6", scene="st:A1a")
    wechat.click("oBook6", MenuKey.BOOK)
    refused = wechat.say("oBook6", "优待证办理")
    assert "需要先登记建档" in refused and "登记建档" in refused and "1. 政策咨询" in refused
    assert "其他服务站" in wechat.say("oBook6", "1")  # still choosing: 政策咨询 needs no registration


def test_without_a_station_the_person_is_told_how_to_get_one(wechat, appointments):
    wechat.follow("oBook7")
    reply = wechat.say("oBook7", "预约")
    assert "扫描您所在村（社区）服务站张贴的二维码" in reply


def test_nonsense_asks_again_and_more_pages_the_times(wechat, appointments):
    wechat.follow("oBook8", scene="st:A1a")
    wechat.click("oBook8", MenuKey.BOOK)
    wechat.say("oBook8", "1")
    wechat.say("oBook8", "1")
    assert "请回复列表中的序号" in wechat.say("oBook8", "明天")
    times = wechat.say("oBook8", "1")
    assert "8. " in times and "9. " not in times and "回复“更多”" in times
    more = wechat.say("oBook8", "更多")
    assert "9. " in more and not re.search(r"^1\. ", more, re.M)
    assert len(more.encode()) < 2048


def test_a_registered_person_is_offered_the_stations_that_do_what_their_own_does_not(
    wechat, appointments, network, reference_tables, db
):
    staff = network.staff("clerk_a1a")
    veteran = register_walk_in(values(network.stations["A1a"]), network.station("A1a"), Actor.of(staff), True)
    veteran.openid = "oBook9"
    db.session.commit()
    wechat.follow("oBook9")
    wechat.click("oBook9", MenuKey.BOOK)
    stations = wechat.say("oBook9", "优待证办理")  # offered by the county and the street, not the village
    assert "1. 甲区中心\n2. 甲一街道站\n" in stations and "其他服务站" not in stations
    wechat.say("oBook9", "甲一街道站")
    wechat.say("oBook9", "1")
    wechat.say("oBook9", "1")
    assert "材料清单：身份证" in wechat.say("oBook9", "1")
    assert "预约成功" in wechat.say("oBook9", "确认")
    made = bookings(db, "oBook9")
    assert [(b.station.name, b.service.name, b.veteran_id) for b in made] == [
        ("甲一街道站", "优待证办理", veteran.id)
    ]


def test_a_no_show_hold_is_explained_with_the_station_phone(wechat, appointments, db):
    wechat.follow("oBook10", scene="st:A1a")
    schedule = appointments.schedule("A1a", "政策咨询")
    for day in range(3):
        missed = Booking(
            person_key="oa:oBook10", openid="oBook10", station_id=schedule.station_id,
            service_id=schedule.service_id, schedule_id=schedule.id, state="no_show", channel="chat",
            starts_at=utcnow() - timedelta(days=day + 1), ends_at=utcnow() - timedelta(days=day + 1),
            day=local_date(utcnow() - timedelta(days=day + 1)),
        )  # fmt: skip
        db.session.add(missed)
    db.session.commit()
    wechat.click("oBook10", MenuKey.BOOK)
    wechat.say("oBook10", "1")
    refused = wechat.say("oBook10", "1")
    assert "暂停网上预约" in refused and "0571-88000000" in refused
    assert len(bookings(db, "oBook10")) == 3  # the missed ones only


@pytest.mark.parametrize("switched_off", ["schedule", "service", "station"])
@pytest.mark.parametrize("answered", [1, 4])  # the station list shown, or the summary
def test_what_is_switched_off_during_the_dialog_is_said_and_the_services_offered_anew(
    wechat, appointments, db, switched_off, answered
):
    openid = f"oBookOff{switched_off}{answered}"
    wechat.follow(openid, scene="st:A1a")
    wechat.click(openid, MenuKey.BOOK)
    steps = ["1", "1", "1", "1", "确认"]
    for said in steps[:answered]:
        wechat.say(openid, said)
    schedule = appointments.schedule("A1a", "政策咨询")
    switched = {"schedule": schedule, "service": schedule.service, "station": schedule.station}
    switched[switched_off].active = False
    db.session.commit()
    reply = wechat.say(openid, steps[answered])
    why = {"schedule": "“甲一甲村站”不办理", "service": "没有这项服务事项", "station": "没有这个服务站"}
    assert reply.startswith(why[switched_off]) and "\n\n请选择要预约的事项" in reply, reply
    assert bookings(db, openid) == []
