"""Follower tags with WeChat's limits: 100 per account, 20 per follower, 50 openids a batch."""

import pytest


def _create(api, name):
    return api.post("/cgi-bin/tags/create", {"tag": {"name": name}})


def _tagging(api, tag_id, openids, path="batchtagging"):
    return api.post(f"/cgi-bin/tags/members/{path}", {"openid_list": openids, "tagid": tag_id})["errcode"]


def test_an_account_has_at_most_100_tags_with_unique_names_of_30_characters(api):
    assert _create(api, "")["errcode"] == 45157
    assert _create(api, "站" * 31)["errcode"] == 45158
    ids = [_create(api, f"站点{n}")["tag"]["id"] for n in range(100)]
    assert len(set(ids)) == 100
    assert _create(api, "第一百零一个")["errcode"] == 45056
    assert api.post("/cgi-bin/tags/delete", {"tag": {"id": ids[0]}})["errcode"] == 0
    assert _create(api, "站点1")["errcode"] == 45157  # a name is the account's once
    assert _create(api, "站" * 30)["tag"]["name"] == "站" * 30


def test_tags_are_renamed_and_deleted_but_never_wechat_s_own(api, wechat):
    wechat.follow("oTagR")
    tag_id = _create(api, "军休干部")["tag"]["id"]
    other = _create(api, "烈属")["tag"]["id"]
    assert _tagging(api, tag_id, ["oTagR"]) == 0
    update = lambda tag: api.post("/cgi-bin/tags/update", {"tag": tag})["errcode"]  # noqa: E731
    assert update({"id": tag_id, "name": "烈属"}) == 45157
    assert update({"id": 2, "name": "星标"}) == 45058
    assert update({"id": 12345, "name": "无此标签"}) == 45159
    assert update({"id": tag_id, "name": "军队离退休干部"}) == 0
    assert {t["id"]: t["name"] for t in api.get("/cgi-bin/tags/get").json()["tags"]} == {
        tag_id: "军队离退休干部",
        other: "烈属",
    }
    assert api.post("/cgi-bin/tags/delete", {"tag": {"id": 1}})["errcode"] == 45058
    assert api.post("/cgi-bin/tags/delete", {"tag": {"id": tag_id}})["errcode"] == 0
    assert api.post("/cgi-bin/tags/getidlist", {"openid": "oTagR"})["tagid_list"] == []


def test_a_follower_holds_at_most_20_tags_and_an_over_batch_tags_nobody(api, wechat):
    wechat.follow("oFull")
    wechat.follow("oRoom")
    ids = [_create(api, f"专题{n}")["tag"]["id"] for n in range(21)]
    for tag_id in ids[:20]:
        assert _tagging(api, tag_id, ["oFull"]) == 0
    assert _tagging(api, ids[0], ["oFull", "oRoom"]) == 0  # a tag held already does not count twice
    assert _tagging(api, ids[20], ["oRoom", "oFull"]) == 45059
    assert api.post("/cgi-bin/tags/getidlist", {"openid": "oRoom"})["tagid_list"] == [ids[0]]
    assert _tagging(api, ids[3], ["oFull"], "batchuntagging") == 0
    assert _tagging(api, ids[20], ["oRoom", "oFull"]) == 0
    assert len(api.post("/cgi-bin/tags/getidlist", {"openid": "oFull"})["tagid_list"]) == 20


@pytest.mark.parametrize(
    "openids,tag,errcode",
    [
        ([f"oBatch{n}" for n in range(51)], "known", 40032),
        ([], "known", 40032),
        (["oBatch0", "oNobodyKnows"], "known", 40003),
        (["oBatch0"], 999, 45159),
        ([f"oBatch{n}" for n in range(50)], "known", 0),
    ],
)
def test_batchtagging_takes_at_most_50_known_followers(api, wechat, openids, tag, errcode):
    wechat.add_followers([f"oBatch{n}" for n in range(50)])
    tag_id = _create(api, "批量")["tag"]["id"] if tag == "known" else tag
    assert _tagging(api, tag_id, openids) == errcode


def test_only_the_official_account_has_tags(miniapp_api):
    assert miniapp_api.get("/cgi-bin/tags/get").json()["errcode"] == 48001
    assert _create(miniapp_api, "小程序")["errcode"] == 48001


def test_a_tag_of_over_100000_followers_is_emptied_before_it_is_deleted(settings):
    from server.config import Config
    from server.sandbox.app import create_sandbox_app

    sandbox = create_sandbox_app(Config.from_env({"APP_ENV": "test"}), callback_url=None)
    client = sandbox.test_client()
    grant = {
        "grant_type": "client_credential",
        "appid": settings.wechat_appid,
        "secret": settings.wechat_secret,
    }
    token = client.post("/cgi-bin/stable_token", json=grant).json["access_token"]
    call = lambda path, body: client.post(f"{path}?access_token={token}", json=body).json  # noqa: E731
    tag_id = call("/cgi-bin/tags/create", {"tag": {"name": "全市退役军人"}})["tag"]["id"]
    openids = [f"oCity{n}" for n in range(100_001)]
    client.post("/sandbox/api/followers", json={"openids": openids})
    for user in sandbox.extensions["sandbox"].users.values():  # as 2,001 batches would have tagged them
        user.tags.add(tag_id)
    assert call("/cgi-bin/tags/delete", {"tag": {"id": tag_id}})["errcode"] == 45057
    assert (
        call("/cgi-bin/tags/members/batchuntagging", {"openid_list": openids[:1], "tagid": tag_id})["errcode"]
        == 0
    )
    assert call("/cgi-bin/tags/delete", {"tag": {"id": tag_id}})["errcode"] == 0
