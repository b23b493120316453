from sqlalchemy import func, select

from handlers.router import Route, router
from handlers.state import DialogState
from models import Follower, InboundMessage, ServiceRequest
from tests.support.requests import file


def test_following_creates_the_follower_and_welcomes(deliver, push, db):
    _, reply = deliver(push.event("oFan1", "subscribe"))
    assert "欢迎关注" in reply["Content"] and "登记建档" in reply["Content"]
    assert db.session.scalars(select(Follower.openid)).all() == ["oFan1"]


def test_following_again_reactivates_without_a_duplicate(deliver, push, db):
    deliver(push.event("oFan1", "subscribe", created=1_700_000_000))
    first = db.session.scalars(select(Follower)).one().subscribed_at
    db.session.remove()
    deliver(push.event("oFan1", "subscribe", created=1_700_000_100))
    follower = db.session.scalars(select(Follower)).one()
    assert follower.subscribed_at > first


def test_unfollowing_deletes_what_came_from_wechat(deliver, push, db, redis, keyring):
    deliver(push.event("oFan2", "subscribe"))
    deliver(push.text("oFan2", "我的电话13800138000"))
    state = DialogState(redis, keyring, "oFan2", ttl=600).load()
    state.goto("register:name", name="李四")
    state.save()
    response, reply = deliver(push.event("oFan2", "unsubscribe"))
    assert response.status_code == 200 and reply == {}
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
    rows = db.session.scalars(select(InboundMessage)).all()
    assert len(rows) == 3
    assert all(r.openid is None and r.body is None for r in rows)
    assert {r.reply for r in rows} == {None, "success"}  # the unfollow itself was answered "success"
    assert redis.get("dialog:oFan2") is None and redis.get("dialog-trace:oFan2") is None


def test_scanning_an_unknown_scene_answers_politely(deliver, push):
    _, reply = deliver(push.event("oFan3", "SCAN", key="zz:nothing", Ticket="t"))
    assert "无法识别" in reply["Content"]


def test_scenes_go_to_the_registered_part(deliver, push, monkeypatch, db):
    seen = []
    monkeypatch.setitem(
        router.scenes, "st", Route(lambda value, msg, ctx: seen.append(value) or f"站点{value}")
    )
    _, scanned = deliver(push.event("oFan4", "SCAN", key="st:330106001", Ticket="t"))
    _, followed = deliver(push.event("oFan5", "subscribe", key="qrscene_st:330106002", Ticket="t"))
    assert seen == ["330106001", "330106002"]
    assert scanned["Content"] == "站点330106001"
    assert "欢迎关注" in followed["Content"] and "站点330106002" in followed["Content"]
    assert db.session.scalars(select(Follower.scene).filter_by(openid="oFan5")).one() == "st:330106002"


def test_unfollowing_unlinks_their_requests_which_the_station_keeps(deliver, push, db, network):
    deliver(push.event("oFan6", "subscribe"))
    filed = file(network, openid="oFan6")
    db.session.commit()
    deliver(push.event("oFan6", "unsubscribe"))
    kept = db.session.get(ServiceRequest, filed.id)
    assert kept is not None and kept.openid is None and kept.content == "家里老人生病，需要帮扶"
