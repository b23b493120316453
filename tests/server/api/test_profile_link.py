"""A record made in the official account's chat, found from the mini-program: by the unionid WeChat
gives when both are bound to one open-platform account, else with the code the chat gives for 绑定."""

import re
from datetime import timedelta

from sqlalchemy import delete, select

from models import Follower, Veteran
from models.types import utcnow
from server.operations.veterans.privacy import PRIVACY_VERSION
from tests.server.api.support import error_of
from tests.support.veterans import OLDER_VETERANS


def start_in_chat(wechat, openid):
    """Consent, name and ID number in the chat, then 取消: a draft record linked to the follower."""
    wechat.click(openid, "REGISTER")
    wechat.say(openid, "1")
    wechat.say(openid, "王建国")
    assert "手机" in wechat.say(openid, OLDER_VETERANS[0])
    wechat.say(openid, "取消")


def link_code(wechat, openid):
    reply = wechat.say(openid, "绑定")
    assert "10分钟" in reply, reply
    return re.search(r"\d{6}", reply).group()


def test_a_record_made_in_chat_is_found_by_the_unionid_fetched_on_follow(
    wechat, network, jobs, client, login, db
):
    wechat.follow("oLink1")
    jobs.run()
    assert db.session.scalars(select(Follower.unionid).filter_by(openid="oLink1")).one() == "uSbxoLink1"
    start_in_chat(wechat, "oLink1")
    profile = client.get("/api/v1/profile", headers=login("oLink1"))
    assert profile.status_code == 200 and profile.get_json()["name"] == "王建国"
    assert db.session.scalars(select(Veteran.miniapp_openid)).one() == "oLink1_mp"
    user_info = wechat.outbox(path="/cgi-bin/user/info")
    assert len(user_info) == 1  # asked once: later messages do not ask again


def test_the_first_message_fetches_the_unionid_when_the_follow_was_missed(
    wechat, network, jobs, client, login, redis, db
):
    wechat.follow("oLink2")
    db.session.execute(delete(Follower))  # the app never saw the follow (it was down, say)
    db.session.commit()
    redis.flushdb()
    start_in_chat(wechat, "oLink2")
    assert db.session.scalars(select(Follower.openid)).one() == "oLink2"
    jobs.run()
    assert db.session.scalars(select(Veteran.unionid)).one() == "uSbxoLink2"
    profile = client.get("/api/v1/profile", headers=login("oLink2"))
    assert profile.status_code == 200 and profile.get_json()["id_number"].endswith("1238")


def test_without_a_unionid_the_chat_gives_a_code_that_links_the_mini_program(
    wechat, network, jobs, client, login, db
):
    wechat.user("oLink3", bound=False)
    wechat.follow("oLink3")
    start_in_chat(wechat, "oLink3")
    jobs.run()
    assert db.session.scalars(select(Follower.unionid)).one() is None
    headers = login("oLink3")
    missing = client.get("/api/v1/profile", headers=headers)
    assert missing.status_code == 404 and "绑定" in error_of(missing)["message"]
    code = link_code(wechat, "oLink3")
    linked = client.post("/api/v1/profile/link", json={"code": code}, headers=headers)
    assert linked.status_code == 200 and linked.get_json()["name"] == "王建国"
    assert client.get("/api/v1/profile", headers=headers).get_json()["name"] == "王建国"
    reused = client.post("/api/v1/profile/link", json={"code": code}, headers=headers)
    assert reused.status_code == 400 and "已使用" in error_of(reused)["fields"]["code"]
    assert "已与小程序关联" in wechat.say("oLink3", "绑定")


def test_an_expired_code_is_refused_and_a_full_width_one_accepted(wechat, network, client, login, db):
    wechat.user("oLink4", bound=False)
    wechat.follow("oLink4")
    start_in_chat(wechat, "oLink4")
    headers = login("oLink4")
    code = link_code(wechat, "oLink4")
    follower = db.session.scalars(select(Follower).filter_by(openid="oLink4")).one()
    follower.link_code_expires_at = utcnow() - timedelta(seconds=1)  # 10 minutes have passed
    db.session.commit()
    expired = client.post("/api/v1/profile/link", json={"code": code}, headers=headers)
    assert expired.status_code == 400 and "已过期" in error_of(expired)["message"]
    assert error_of(expired)["code"] == "invalid_link_code"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in link_code(wechat, "oLink4"))
    assert client.post("/api/v1/profile/link", json={"code": full_width}, headers=headers).status_code == 200


def test_wrong_codes_are_limited_per_person(wechat, network, client, login):
    wechat.user("oLink5", bound=False)
    wechat.follow("oLink5")
    start_in_chat(wechat, "oLink5")
    headers = login("oLink5")
    code = link_code(wechat, "oLink5")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        refused = client.post("/api/v1/profile/link", json={"code": wrong}, headers=headers)
        assert refused.status_code == 400 and "不正确" in error_of(refused)["message"]
    limited = client.post("/api/v1/profile/link", json={"code": code}, headers=headers)
    assert limited.status_code == 429 and "输错次数过多" in error_of(limited)["message"]
    assert 0 < int(limited.headers["Retry-After"]) <= 600
    again = client.post("/api/v1/profile/link", json={"code": code}, headers=login("oLink5"))
    assert again.status_code == 429  # per person, not per login
    malformed = client.post("/api/v1/profile/link", json={"code": "12ab"}, headers=headers)
    assert malformed.status_code == 422 and "6位数字" in error_of(malformed)["fields"]["code"]


def test_the_chat_gives_no_code_without_a_record(wechat, network):
    wechat.user("oLink6", bound=False)
    wechat.follow("oLink6")
    reply = wechat.say("oLink6", "绑定")
    assert "还没有在服务号中登记" in reply and not re.search(r"\d{6}", reply)


def test_a_record_made_in_the_mini_program_is_found_in_chat_by_the_unionid(
    wechat, network, jobs, client, login, db
):
    headers = login("oLink7")
    body = {"consent_version": PRIVACY_VERSION, "name": "王建国"}
    assert client.put("/api/v1/profile", json=body, headers=headers).status_code == 201
    wechat.follow("oLink7")
    jobs.run()
    assert db.session.scalars(select(Veteran.openid)).one() == "oLink7"  # notices reach them on WeChat
    assert "王建国" in wechat.say("oLink7", "我的信息")
