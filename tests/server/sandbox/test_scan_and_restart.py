"""扫码 as WeChat reports it, and a sandbox restart that keeps its users and QR codes."""

import itertools
import json

import pytest

from server.config import Config
from server.sandbox.app import SandboxPush, create_sandbox_app


def test_a_scan_by_someone_who_does_not_follow_is_a_subscribe_with_qrscene(wechat, network):
    openid = wechat.user(nickname="陈建华")
    first = wechat.scan(openid, "st:A1a")
    assert first["sent"]["Event"] == "subscribe" and first["sent"]["EventKey"] == "qrscene_st:A1a"
    assert first["sent"]["Ticket"]
    assert "欢迎关注" in first["reply"]["Content"] and "甲一甲村站" in first["reply"]["Content"]
    assert [u["subscribed"] for u in wechat._call("GET", "/users") if u["openid"] == openid] == [True]

    again = wechat.scan(openid, "st:A1a")
    assert again["sent"]["Event"] == "SCAN" and again["sent"]["EventKey"] == "st:A1a"
    assert "甲一甲村站地址" in again["reply"]["Content"]


def test_a_scan_without_a_scene_is_refused_in_chinese(wechat):
    response = wechat.http.post(f"{wechat.url}/sandbox/api/users/oNoScene/send", json={"type": "scan"})
    assert response.status_code == 400 and "场景值" in response.json()["error"]["message"]
    assert wechat.outbox(kind="delivery") == []


@pytest.fixture
def restartable(tmp_path):
    """Start the sandbox on a state file, as `flask sandbox run` does with instance/sandbox.json."""
    config = Config.from_env({"APP_ENV": "test"})
    state_file = tmp_path / "instance" / "sandbox.json"
    return lambda: create_sandbox_app(
        config, callback_url=None, state_file=state_file
    ).test_client(), state_file


def test_a_restarted_sandbox_keeps_its_users_and_qr_codes(restartable, settings):
    start, state_file = restartable
    before = start()
    before.post("/sandbox/api/users", json={"openid": "oKeep_1", "nickname": "张卫国"})
    before.post("/sandbox/api/users", json={"openid": "oKeep_2", "nickname": "李援朝", "bound": False})
    token = before.post(
        "/cgi-bin/stable_token",
        json={
            "grant_type": "client_credential",
            "appid": settings.wechat_appid,
            "secret": settings.wechat_secret,
        },
    ).json["access_token"]
    scene = {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": "st:330106001001"}}}
    ticket = before.post(f"/cgi-bin/qrcode/create?access_token={token}", json=scene).json["ticket"]

    after = start()
    assert after.get("/sandbox/api/users").json == [
        {"openid": "oKeep_1", "nickname": "张卫国", "subscribed": False, "bound": True},
        {"openid": "oKeep_2", "nickname": "李援朝", "subscribed": False, "bound": False},
    ]
    assert after.get("/sandbox/api/qrcodes").json == [
        {"ticket": ticket, "scene": "st:330106001001", "permanent": True}
    ]
    assert after.get(f"/cgi-bin/showqrcode?ticket={ticket}").mimetype == "image/png"
    assert json.loads(state_file.read_text())["users"][0]["nickname"] == "张卫国"
    assert [p.name for p in state_file.parent.iterdir()] == ["sandbox.json"]  # no temporary file left


def test_a_new_user_never_takes_the_openid_of_one_kept_from_before(restartable, monkeypatch):
    start, _ = restartable
    openids = []
    for _ in range(2):  # the restarted process draws the same suffixes
        monkeypatch.setattr(SandboxPush, "_suffixes", itertools.count(5000))
        client = start()
        openids += [client.post("/sandbox/api/users", json={}).json["openid"] for _ in range(3)]
    assert len(set(openids)) == 6


def test_an_unreadable_state_file_starts_an_empty_sandbox(restartable):
    start, state_file = restartable
    state_file.parent.mkdir()
    state_file.write_text("{not json")
    assert start().get("/sandbox/api/users").json == []


def test_a_restarted_sandbox_keeps_tags_and_unused_subscribe_taps(restartable, settings):
    start, _ = restartable
    before = start()
    before.post("/sandbox/api/users", json={"openid": "oKeepTag"})
    before.post(
        "/sandbox/api/miniapp/subscribe", json={"openid": "oKeepTag_mp", "template_ids": ["t1", "t1"]}
    )
    grant = {
        "grant_type": "client_credential",
        "appid": settings.wechat_appid,
        "secret": settings.wechat_secret,
    }
    token = before.post("/cgi-bin/stable_token", json=grant).json["access_token"]
    tag_id = before.post(
        f"/cgi-bin/tags/create?access_token={token}", json={"tag": {"name": "优抚对象"}}
    ).json["tag"]["id"]
    tagging = {"openid_list": ["oKeepTag"], "tagid": tag_id}
    assert (
        before.post(f"/cgi-bin/tags/members/batchtagging?access_token={token}", json=tagging).json["errcode"]
        == 0
    )

    after = start()
    token = after.post("/cgi-bin/stable_token", json=grant).json["access_token"]
    tags = after.get(f"/cgi-bin/tags/get?access_token={token}").json["tags"]
    assert tags == [{"id": tag_id, "name": "优抚对象", "count": 1}]
    assert after.get("/sandbox/api/miniapp/subscribe?openid=oKeepTag_mp").json == {"t1": 2}
