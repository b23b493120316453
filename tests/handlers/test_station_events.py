"""活动报名 in chat: offered on 预约办事's first list, a place or the waiting list, and 取消报名 in
我的预约 moving the first in line up."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from menus import MenuKey
from models import EventSignup, StationEvent
from models.types import utcnow
from server.operations.appointments.station_events import create_event
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local_date


@pytest.fixture
def event(network, appointments, db):
    staff = network.staff("head_a1")
    starts = datetime.combine(local_date(utcnow()) + timedelta(days=5), time(9), LOCAL)
    made = create_event(
        network.station("A1"), Actor.of(staff), staff, kind="job_fair", title="退役军人专场招聘会",
        place="街道文化中心", capacity=1, starts_at=starts, ends_at=starts + timedelta(hours=3),
        signup_until=starts - timedelta(days=1),
    )  # fmt: skip
    db.session.commit()
    return made


def states(db, event):
    db.session.expire_all()
    rows = db.session.scalars(select(EventSignup).filter_by(event_id=event.id).order_by(EventSignup.id))
    return [(s.openid, s.state) for s in rows]


def sign_up_in_chat(wechat, openid):
    wechat.follow(openid, scene="st:A1a")
    services = wechat.click(openid, MenuKey.BOOK)
    assert "3. 活动报名（1个活动可报名）" in services
    events = wechat.say(openid, "活动报名")
    summary = wechat.say(openid, "1")
    assert "退役军人专场招聘会" in summary and "回复“确认”报名" in summary
    return events, summary, wechat.say(openid, "确认")


def test_a_place_then_the_waiting_list(wechat, event, db):
    events, summary, done = sign_up_in_chat(wechat, "oEvent1")
    assert "1. 退役军人专场招聘会（专场招聘会）" in events and "街道文化中心 余1" in events
    assert "剩余名额：1" in summary and "报名成功" in done and "签到码：" in done
    events, summary, done = sign_up_in_chat(wechat, "oEvent2")
    assert "街道文化中心 候补" in events and "报名后进入候补" in summary
    assert "您已进入候补，排第1位" in done
    assert states(db, event) == [("oEvent1", "signed_up"), ("oEvent2", "waitlisted")]
    listing = wechat.click("oEvent2", MenuKey.MY_BOOKINGS)
    assert "1. 活动：退役军人专场招聘会｜" in listing and "候补中（第1位）" in listing


def test_cancelling_a_place_moves_the_first_in_line_up(wechat, event, db):
    sign_up_in_chat(wechat, "oEvent3")
    sign_up_in_chat(wechat, "oEvent4")
    wechat.click("oEvent3", MenuKey.MY_BOOKINGS)
    detail = wechat.say("oEvent3", "1")
    assert "1. 取消报名\n2. 签到码" in detail
    assert "签到码：" in wechat.say("oEvent3", "签到码")
    wechat.say("oEvent3", "取消报名")
    assert "已取消退役军人专场招聘会" in wechat.say("oEvent3", "确认取消")
    assert states(db, event) == [("oEvent3", "cancelled"), ("oEvent4", "signed_up")]


def test_signing_up_twice_is_refused(wechat, event, db):
    sign_up_in_chat(wechat, "oEvent5")
    wechat.click("oEvent5", MenuKey.BOOK)
    wechat.say("oEvent5", "3")
    wechat.say("oEvent5", "1")
    assert "您已报名该活动" in wechat.say("oEvent5", "确认")
    assert states(db, event) == [("oEvent5", "signed_up")]


def test_no_events_no_choice(wechat, appointments):
    wechat.follow("oEvent6", scene="st:A1a")
    assert "活动报名" not in wechat.click("oEvent6", MenuKey.BOOK)


@pytest.mark.parametrize("opened", [[], ["1"]])
def test_an_event_removed_while_it_is_being_chosen_is_said_politely(wechat, event, db, opened):
    wechat.follow("oEvent7", scene="st:A1a")
    wechat.click("oEvent7", MenuKey.BOOK)
    wechat.say("oEvent7", "活动报名")
    for said in opened:
        wechat.say("oEvent7", said)
    db.session.delete(db.session.get(StationEvent, event.id))
    db.session.commit()
    reply = wechat.say("oEvent7", ("1", "好的")[len(opened)])  # 好的: the summary is shown again
    assert reply.startswith("没有找到这个活动。\n目前没有可以报名的活动") and "抱歉" not in reply
