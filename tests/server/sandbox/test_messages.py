import time

from sqlalchemy import select

from models import InboundMessage


def test_customer_service_needs_a_recent_message(api, wechat):
    wechat.follow("oCs")
    text = {"touser": "oCs", "msgtype": "text", "text": {"content": "你好"}}
    for _ in range(3):  # a follow opens three within a minute
        assert api.post("/cgi-bin/message/custom/send", text)["errcode"] == 0
    assert api.post("/cgi-bin/message/custom/send", text)["errcode"] == 45015
    wechat.say("oCs", "在吗")
    for _ in range(5):
        assert api.post("/cgi-bin/message/custom/send", text)["errcode"] == 0
    assert api.post("/cgi-bin/message/custom/send", text)["errcode"] == 45047
    wechat.say("oCs", "还在吗")
    wechat.advance(48 * 3600 + 1)
    api._token = None  # the old token expired with the clock
    assert api.post("/cgi-bin/message/custom/send", text)["errcode"] == 45015


def _template(openid, **values):
    return {
        "touser": openid,
        "template_id": "sandbox_request_update",
        "url": "https://example.invalid/r/1",
        "data": {k: {"value": v} for k, v in values.items()},
    }


def test_template_values_over_20_characters_are_cut_and_marked(api, wechat):
    wechat.follow("oTpl")
    long_title = "关于申请困难帮扶和临时救助的诉求事项的说明"  # 21 characters
    result = api.post(
        "/cgi-bin/message/template/send",
        _template("oTpl", character_string1="2026-0000001", thing2=long_title, phrase3="处理中"),
    )
    assert result["errcode"] == 0 and result["msgid"]
    entry = wechat.outbox(path="/cgi-bin/message/template/send")[0]
    assert entry["truncated"] == ["thing2"]
    assert entry["body"]["data"]["thing2"]["value"] == long_title[:20]
    assert entry["title"] == "诉求办理进度通知"


def test_template_send_refuses_unknown_templates_and_unfollowed_users(api, wechat):
    wechat.follow("oTpl2")
    unknown = _template("oTpl2", thing2="x") | {"template_id": "nope"}
    assert api.post("/cgi-bin/message/template/send", unknown)["errcode"] == 40037
    wechat.send("oTpl2", "event", event="unsubscribe")
    assert api.post("/cgi-bin/message/template/send", _template("oTpl2", thing2="x"))["errcode"] == 43004


def test_a_template_opens_only_a_page_of_a_mini_program_linked_to_the_account(api, wechat, settings):
    wechat.follow("oTplMp")

    def send(mini_program):
        message = _template("oTplMp", thing2="x") | {"miniprogram": mini_program}
        return api.post("/cgi-bin/message/template/send", message)["errcode"]

    detail = "pages/requests/detail?number=2026-0000001"
    assert send({"appid": settings.miniapp_appid, "pagepath": detail}) == 0
    assert send({"appid": "wxsomeoneelse00", "pagepath": "pages/index/index"}) == 40166
    assert send({"appid": settings.wechat_appid, "pagepath": detail}) == 40166  # the account itself
    assert send({"appid": settings.miniapp_appid, "pagepath": ""}) == 40165


def test_template_send_pushes_its_job_finish_event_to_the_app(api, wechat, db):
    wechat.follow("oTpl3")
    msgid = api.post("/cgi-bin/message/template/send", _template("oTpl3", thing2="x"))["msgid"]
    event = _wait_for_event(db, "TEMPLATESENDJOBFINISH")
    assert event is not None and f"<MsgID>{msgid}</MsgID>" in event.body


def _wait_for_event(db, name, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        row = db.session.scalars(select(InboundMessage).filter_by(event=name)).first()
        if row:
            return row
        time.sleep(0.05)
    return None


def _mass_text(**target):
    return {"msgtype": "text", "text": {"content": "政策通知"}, **target}


def test_mass_send_by_tag_respects_four_a_month_and_clientmsgid(api, wechat, db):
    for openid in ("oMass1", "oMass2", "oMass3"):
        wechat.follow(openid)
    tag = api.post("/cgi-bin/tags/create", {"tag": {"name": "退役士兵"}})["tag"]["id"]
    assert (
        api.post("/cgi-bin/tags/members/batchtagging", {"openid_list": ["oMass1", "oMass2"], "tagid": tag})[
            "errcode"
        ]
        == 0
    )
    by_tag = _mass_text(filter={"is_to_all": False, "tag_id": tag})
    for n in range(4):
        assert (
            api.post("/cgi-bin/message/mass/sendall", by_tag | {"clientmsgid": f"notice-{n}"})["errcode"] == 0
        )
    assert api.post("/cgi-bin/message/mass/sendall", by_tag | {"clientmsgid": "notice-0"})["errcode"] == 45065
    fifth = api.post("/cgi-bin/message/mass/sendall", by_tag | {"clientmsgid": "notice-4"})
    entry = wechat.outbox(path="/cgi-bin/message/mass/sendall")[-1]
    assert (
        fifth["errcode"] == 0
        and entry["delivered"] == []
        and sorted(entry["filtered"]) == ["oMass1", "oMass2"]
    )
    listed = api.post("/cgi-bin/message/mass/send", _mass_text(touser=["oMass2", "oMass3"]))
    assert listed["errcode"] == 0
    assert wechat.outbox(path="/cgi-bin/message/mass/send")[-1]["delivered"] == ["oMass3"]
    assert _wait_for_event(db, "MASSSENDJOBFINISH") is not None


def test_mass_send_to_a_list_needs_two_openids(api, wechat):
    assert api.post("/cgi-bin/message/mass/send", _mass_text(touser=["oOne"]))["errcode"] == 40130


def test_subscribe_messages_need_a_tap_and_values_within_limits(miniapp_api, wechat):
    wechat.user("oSub")
    message = {"touser": "oSub", "template_id": "tmpl-visit", "data": {"thing1": {"value": "到站办事"}}}
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", message)["errcode"] == 43101
    wechat._call("POST", "/miniapp/subscribe", json={"openid": "oSub", "template_id": "tmpl-visit"})
    too_long = message | {"data": {"thing1": {"value": "超" * 21}}}
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", too_long)["errcode"] == 47003
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", message)["errcode"] == 0
    assert (
        miniapp_api.post("/cgi-bin/message/subscribe/send", message)["errcode"] == 43101
    )  # one tap, one message


def test_concurrent_mass_sends_never_exceed_four_a_month(api, wechat):
    from concurrent.futures import ThreadPoolExecutor

    for openid in ("oBurst1", "oBurst2"):
        wechat.follow(openid)
    api.token()  # one token for every thread
    body = _mass_text(touser=["oBurst1", "oBurst2"])
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda n: api.post("/cgi-bin/message/mass/send", body), range(8)))
    assert all(answer["errcode"] == 0 for answer in answers)
    delivered = [
        openid for sent in wechat.outbox(path="/cgi-bin/message/mass/send") for openid in sent["delivered"]
    ]
    assert sorted(delivered) == ["oBurst1"] * 4 + ["oBurst2"] * 4


def test_a_news_message_without_articles_still_shows_in_the_chat(api, wechat):
    wechat.follow("oNews")
    wechat.say("oNews", "你好")
    api.post("/cgi-bin/message/custom/send", {"touser": "oNews", "msgtype": "news"})
    chat = wechat._call("GET", "/users/oNews/chat")
    assert chat  # the simulator's view of the conversation renders instead of failing
