from datetime import timedelta

from sqlalchemy import select

from models import Follower
from models.types import utcnow
from server.operations.core.audit import Actor
from server.operations.network.stations import add_closure
from server.timezone import local_date


def test_scanning_a_station_code_binds_the_follower(wechat, network, db):
    wechat.follow("oScan1")
    reply = wechat.send("oScan1", "event", event="SCAN", scene="st:A1a")["reply"]["Content"]
    assert "已关联到“甲一甲村站”" in reply and "甲一甲村站地址" in reply and "办公时间：08:30-12:00" in reply
    follower = db.session.scalars(select(Follower).filter_by(openid="oScan1")).one()
    assert follower.station.code == "A1a"


def test_following_by_scanning_welcomes_and_binds(wechat, network, db):
    reply = wechat.follow("oScan2", scene="st:B1a")
    assert "欢迎关注" in reply and "乙一甲村站" in reply
    assert (
        db.session.scalars(select(Follower.station_id).filter_by(openid="oScan2")).one()
        == network.station("B1a").id
    )


def test_an_unknown_station_code_is_explained(wechat, network):
    wechat.follow("oScan3")
    reply = wechat.send("oScan3", "event", event="SCAN", scene="st:NOPE")["reply"]["Content"]
    assert "已停用或无法识别" in reply


def test_contact_us_shows_the_bound_station_and_its_parent(wechat, network):
    wechat.follow("oScan4")
    assert "还没有关联服务站" in wechat.click("oScan4", "CONTACT")
    wechat.send("oScan4", "event", event="SCAN", scene="st:A1a")
    reply = wechat.click("oScan4", "CONTACT")
    assert "甲一甲村站" in reply and "上级服务站：甲一街道站" in reply


def test_the_card_says_when_the_station_is_closed_today(wechat, network, db):
    today = local_date(utcnow())
    add_closure(network.station("A1a"), today, today + timedelta(days=2), "站点装修", Actor.system("test"))
    db.session.commit()
    wechat.follow("oScan5")
    reply = wechat.send("oScan5", "event", event="SCAN", scene="st:A1a")["reply"]["Content"]
    assert "今天不办公（站点装修）" in reply


def test_unfollowing_forgets_the_binding(wechat, network, db):
    wechat.follow("oScan6", scene="st:A1a")
    wechat.send("oScan6", "event", event="unsubscribe")
    assert db.session.scalars(select(Follower).filter_by(openid="oScan6")).first() is None
