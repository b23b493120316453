from tests.support.sandbox import wait_for_event


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
    assert wait_for_event(db, "TEMPLATESENDJOBFINISH", f"<MsgID>{msgid}</MsgID>") is not None


def _subscribe(openid, value="到站办事", template_id="tmpl-visit"):
    return {"touser": openid, "template_id": template_id, "data": {"thing1": {"value": value}}}


def test_each_tap_on_allow_lets_one_subscribe_message_go(miniapp_api, wechat):
    wechat.user("oSub")
    send = lambda message: miniapp_api.post("/cgi-bin/message/subscribe/send", message)["errcode"]  # noqa: E731
    assert send(_subscribe("oSub_mp")) == 43101
    wechat.grant_subscribe("oSub_mp", "tmpl-visit", "tmpl-event")
    wechat.grant_subscribe("oSub_mp", "tmpl-visit")
    assert send(_subscribe("oSub_mp")) == 0
    assert send(_subscribe("oSub_mp")) == 0
    assert send(_subscribe("oSub_mp")) == 43101  # two taps, two messages
    assert wechat._call("GET", "/miniapp/subscribe", params={"openid": "oSub_mp"}) == {
        "tmpl-visit": 0,
        "tmpl-event": 1,
    }
    assert send(_subscribe("oSub_mp", template_id="tmpl-event")) == 0


def test_subscribe_values_over_their_limit_are_refused_and_keep_the_tap(miniapp_api, wechat):
    wechat.user("oSubLong")
    wechat.grant_subscribe("oSubLong", "tmpl-visit")
    send = lambda message: miniapp_api.post("/cgi-bin/message/subscribe/send", message)  # noqa: E731
    refused = send(_subscribe("oSubLong_mp", "超" * 21))
    assert refused["errcode"] == 47003 and "thing1" in refused["errmsg"]
    assert send(_subscribe("oSubLong_mp", "超" * 20))["errcode"] == 0  # twenty fit, nothing is cut
    sent = wechat.outbox(path="/cgi-bin/message/subscribe/send")[-1]
    assert sent["body"]["data"]["thing1"]["value"] == "超" * 20


def test_subscribe_messages_go_to_the_mini_program_openid_with_its_token(api, miniapp_api, wechat):
    wechat.user("oSubWho")
    wechat.grant_subscribe("oSubWho", "tmpl-visit")
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", _subscribe("oSubWho"))["errcode"] == 40003
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", _subscribe("oNobody_mp"))["errcode"] == 40003
    assert api.post("/cgi-bin/message/subscribe/send", _subscribe("oSubWho_mp"))["errcode"] == 48001
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", _subscribe("oSubWho_mp"))["errcode"] == 0


def test_a_news_message_without_articles_still_shows_in_the_chat(api, wechat):
    wechat.follow("oNews")
    wechat.say("oNews", "你好")
    api.post("/cgi-bin/message/custom/send", {"touser": "oNews", "msgtype": "news"})
    chat = wechat._call("GET", "/users/oNews/chat")
    assert chat  # the simulator's view of the conversation renders instead of failing
