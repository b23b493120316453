"""Mass sends as WeChat takes them: 4 a month per follower (China's months), clientmsgid, news."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from server.timezone import LOCAL
from tests.support.sandbox import small_jpeg, wait_for_event


def _text(content="政策通知", **target):
    return {"msgtype": "text", "text": {"content": content}, **target}


def _send(api, body):
    path = "/cgi-bin/message/mass/send" if "touser" in body else "/cgi-bin/message/mass/sendall"
    return api.post(path, body)


def _tag(api, name, *openids):
    tag_id = api.post("/cgi-bin/tags/create", {"tag": {"name": name}})["tag"]["id"]
    api.post("/cgi-bin/tags/members/batchtagging", {"openid_list": list(openids), "tagid": tag_id})
    return tag_id


def _to_the_next_month_in_china(wechat, api):
    now = datetime.fromtimestamp(wechat.now(), LOCAL)
    first = (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) + timedelta(days=32)).replace(
        day=1
    )
    wechat.advance(first.timestamp() - wechat.now() + 1)
    api._token = None  # the token expired with the clock


def test_a_tag_send_reaches_its_followers_and_reports_to_the_callback(api, wechat, db):
    for openid in ("oMassA", "oMassB", "oMassC"):
        wechat.follow(openid)
    tag_id = _tag(api, "退役士兵", "oMassA", "oMassB")
    wechat.send("oMassB", "event", event="unsubscribe")
    sent = _send(api, _text(filter={"is_to_all": False, "tag_id": tag_id}, clientmsgid="policy-1"))
    assert sent["errcode"] == 0
    detail = wechat.mass_send(sent["msg_id"])
    assert detail["delivered"] == ["oMassA"] and detail["clientmsgid"] == "policy-1"
    event = wait_for_event(db, "MASSSENDJOBFINISH", f"<MsgID>{sent['msg_id']}</MsgID>")
    assert event is not None
    for field in ("<Status><![CDATA[send success]]></Status>", "<TotalCount>1</TotalCount>"):
        assert field in event.body
    assert "<SentCount>1</SentCount>" in event.body and "<ErrorCount>0</ErrorCount>" in event.body


def test_sendall_to_all_and_its_refusals(api, miniapp_api, wechat):
    wechat.follow("oAll1")
    wechat.follow("oAll2")
    everyone = _send(api, _text(filter={"is_to_all": True}))
    assert sorted(wechat.mass_send(everyone["msg_id"])["delivered"]) == ["oAll1", "oAll2"]
    assert _send(api, _text(filter={"is_to_all": False, "tag_id": 999}))["errcode"] == 45159
    assert _send(api, _text(filter={"is_to_all": False}))["errcode"] == 47001
    assert _send(api, {"msgtype": "text", "text": {}, "filter": {"is_to_all": True}})["errcode"] == 47001
    assert _send(api, {"msgtype": "music", "filter": {"is_to_all": True}})["errcode"] == 40008
    assert (
        miniapp_api.post("/cgi-bin/message/mass/sendall", _text(filter={"is_to_all": True}))["errcode"]
        == 48001
    )


def test_an_openid_list_takes_2_to_10000_and_each_person_once(api, wechat):
    wechat.follow("oList1")
    wechat.follow("oList2")
    assert _send(api, _text(touser=["oList1"]))["errcode"] == 40130
    assert _send(api, _text(touser=[f"o{n}" for n in range(10_001)]))["errcode"] == 40130
    sent = _send(api, _text(touser=["oList1", "oList2", "oList1", "oStranger"]))
    detail = wechat.mass_send(sent["msg_id"])
    assert detail["delivered"] == ["oList1", "oList2"]
    assert detail["filtered"] == {"oStranger": "not_following"}


def test_four_a_month_then_filtered_until_china_s_next_month(api, wechat):
    wechat.follow("oQuota1")
    wechat.follow("oQuota2")
    for n in range(4):
        assert _send(api, _text(touser=["oQuota1", "oQuota2"], clientmsgid=f"q-{n}"))["errcode"] == 0
    fifth = _send(api, _text(touser=["oQuota1", "oQuota2"], clientmsgid="q-4"))
    assert fifth["errcode"] == 0  # WeChat takes the send and filters the people over their four
    assert wechat.mass_send(fifth["msg_id"])["filtered"] == {
        "oQuota1": "monthly_limit",
        "oQuota2": "monthly_limit",
    }
    _to_the_next_month_in_china(wechat, api)  # in UTC it is still the last day of the month
    sixth = _send(api, _text(touser=["oQuota1", "oQuota2"], clientmsgid="q-5"))
    assert wechat.mass_send(sixth["msg_id"])["delivered"] == ["oQuota1", "oQuota2"]
    received = wechat.mass_received()
    assert len(received["oQuota1"]) == len(set(received["oQuota1"])) == 5


def test_a_clientmsgid_sent_within_24_hours_answers_the_first_msg_id_and_sends_nothing(api, wechat):
    wechat.follow("oOnce1")
    wechat.follow("oOnce2")
    body = _text(touser=["oOnce1", "oOnce2"], clientmsgid="push-7-batch-1")
    first = _send(api, body)
    again = _send(api, body | {"text": {"content": "改过的内容"}})
    assert again["errcode"] == 45065 and again["msg_id"] == first["msg_id"]
    assert wechat.mass_received() == {"oOnce1": [first["msg_id"]], "oOnce2": [first["msg_id"]]}
    assert _send(api, body | {"clientmsgid": "x" * 65})["errcode"] == 45067
    wechat.advance(24 * 3600 + 1)
    api._token = None
    assert _send(api, body)["msg_id"] != first["msg_id"]


def test_without_a_clientmsgid_the_same_content_to_the_same_people_goes_once(api, wechat):
    wechat.follow("oSame1")
    wechat.follow("oSame2")
    first = _send(api, _text(touser=["oSame1", "oSame2"]))
    assert _send(api, _text(touser=["oSame2", "oSame1"]))["msg_id"] == first["msg_id"]
    assert _send(api, _text("另一条", touser=["oSame1", "oSame2"]))["errcode"] == 0


def test_concurrent_sends_never_exceed_four_a_month(api, wechat):
    wechat.follow("oBurst1")
    wechat.follow("oBurst2")
    api.token()  # one token for every thread
    bodies = [_text(touser=["oBurst1", "oBurst2"], clientmsgid=f"burst-{n}") for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda body: _send(api, body), bodies))
    assert all(answer["errcode"] == 0 for answer in answers)
    assert {openid: len(ids) for openid, ids in wechat.mass_received().items()} == {
        "oBurst1": 4,
        "oBurst2": 4,
    }
    filtered = sum(send["filtered"].get("monthly_limit", 0) for send in wechat.mass_sends())
    assert filtered == 8


def test_more_than_60_sends_a_minute_are_refused(api, wechat):
    api.token()
    wechat.advance(60 - wechat.now() % 60)  # the start of a minute: all 61 fall within it
    answers = [_send(api, _text(f"第{n}条", touser=["oNo1", "oNo2"]))["errcode"] for n in range(61)]
    assert answers == [0] * 60 + [45011]
    wechat.advance(60)
    assert _send(api, _text("下一分钟", touser=["oNo1", "oNo2"]))["errcode"] == 0


def _thumb(api):
    uploaded = api.post(
        "/cgi-bin/media/upload",
        params={"type": "thumb"},
        files={"media": ("t.jpg", small_jpeg(), "image/jpeg")},
    )
    return uploaded["thumb_media_id"]


def _article(thumb, title="优待证办理指南"):
    return {"title": title, "content": "<p>携带退役证件到站办理。</p>", "thumb_media_id": thumb}


def test_news_is_uploaded_with_a_cover_and_sent_while_it_lasts(api, wechat):
    wechat.follow("oNews1")
    wechat.follow("oNews2")
    thumb = _thumb(api)
    assert api.post("/cgi-bin/media/uploadnews", {"articles": [_article("nope")]})["errcode"] == 40007
    assert api.post("/cgi-bin/media/uploadnews", {"articles": []})["errcode"] == 44003
    assert api.post("/cgi-bin/media/uploadnews", {"articles": [_article(thumb)] * 9})["errcode"] == 44003
    news = api.post("/cgi-bin/media/uploadnews", {"articles": [_article(thumb)]})
    assert news["type"] == "news"
    kept = api.post("/cgi-bin/material/add_news", {"articles": [_article(thumb, "就业创业政策")]})["media_id"]

    def send(media_id, key):
        body = {"msgtype": "mpnews", "mpnews": {"media_id": media_id}, "touser": ["oNews1", "oNews2"]}
        return _send(api, body | {"clientmsgid": key})["errcode"]

    assert send("unknown", "n-0") == 40007
    assert send(news["media_id"], "n-1") == 0
    wechat.advance(3 * 24 * 3600 + 1)  # temporary news lasts three days, added material stays
    api._token = None
    assert send(news["media_id"], "n-2") == 40007
    assert send(kept, "n-3") == 0
