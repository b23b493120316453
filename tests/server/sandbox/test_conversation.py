"""One user's chat as the simulator shows it: replies, customer-service, template and mass messages."""


def _chat(wechat, openid):
    return wechat._call("GET", f"/users/{openid}/chat")


def test_a_template_message_shows_as_a_card_with_its_title_and_keyword_lines(wechat, app_ctx):
    wechat.follow("oCard")
    values = {
        "character_string1": "2026-0000042",
        "thing2": "困难帮扶",
        "phrase3": "办理中",
        "time4": "2026-03-02 10:00",
    }
    app_ctx.extensions["gateway"].send_template(
        "oCard", "sandbox_request_update", values, page="pages/requests/detail?number=2026-0000042"
    )
    card = _chat(wechat, "oCard")[-1]
    assert (card["side"], card["kind"], card["title"]) == ("in", "template", "诉求办理进度通知")
    assert card["fields"] == [
        ["诉求编号", "2026-0000042"],
        ["诉求事项", "困难帮扶"],
        ["办理状态", "办理中"],
        ["更新时间", "2026-03-02 10:00"],
    ]
    assert card["page"] == "pages/requests/detail?number=2026-0000042" and card["truncated"] == []


def test_a_template_message_cut_by_wechat_says_so_on_its_card(wechat, api):
    wechat.follow("oCut")
    long_title = "关于申请困难帮扶和临时救助的诉求事项的说明"  # 21 characters
    data = {"thing2": {"value": long_title}}
    api.post(
        "/cgi-bin/message/template/send",
        {"touser": "oCut", "template_id": "sandbox_request_update", "data": data},
    )
    card = _chat(wechat, "oCut")[-1]
    assert card["truncated"] == ["thing2"] and ["诉求事项", long_title[:20]] in card["fields"]


def test_a_template_message_that_failed_shows_as_a_note_not_a_card(wechat, api):
    wechat.user("oNotFollowing")
    api.post(
        "/cgi-bin/message/template/send",
        {"touser": "oNotFollowing", "template_id": "sandbox_request_update", "data": {}},
    )
    assert [(i["side"], i["kind"]) for i in _chat(wechat, "oNotFollowing")] == [("note", "failed")]


def test_a_mass_message_shows_in_the_chat_of_those_it_reached_only(wechat, api):
    for openid in ("oMassA", "oMassB"):
        wechat.follow(openid)
    wechat.user("oMassGone")  # never followed: WeChat filters them out
    body = {
        "touser": ["oMassA", "oMassGone"],
        "msgtype": "text",
        "text": {"content": "退役军人优待证申领通知"},
    }
    assert api.post("/cgi-bin/message/mass/send", body)["errcode"] == 0
    shown = _chat(wechat, "oMassA")[-1]
    assert (shown["side"], shown["kind"], shown["text"]) == ("in", "mass", "退役军人优待证申领通知")
    assert all(item["kind"] != "mass" for item in _chat(wechat, "oMassB"))
    assert _chat(wechat, "oMassGone") == []


def test_a_mass_news_shows_its_article_titles(wechat, api):
    from tests.support.sandbox import small_jpeg

    wechat.follow("oMassNews")
    wechat.follow("oMassNews2")
    files = {"media": ("t.jpg", small_jpeg(), "image/jpeg")}
    thumb = api.post("/cgi-bin/media/upload", params={"type": "thumb"}, files=files)["thumb_media_id"]
    articles = [
        {"title": t, "content": "<p>详见正文</p>", "thumb_media_id": thumb} for t in ("优待证", "免费体检")
    ]
    media_id = api.post("/cgi-bin/media/uploadnews", {"articles": articles})["media_id"]
    body = {"touser": ["oMassNews", "oMassNews2"], "msgtype": "mpnews", "mpnews": {"media_id": media_id}}
    assert api.post("/cgi-bin/message/mass/send", body)["errcode"] == 0
    assert _chat(wechat, "oMassNews")[-1]["text"] == "[图文] 优待证；免费体检"


def test_a_subscribe_message_shows_in_the_chat_of_the_person_it_went_to(wechat, miniapp_api):
    wechat.user("oSubChat")
    wechat.grant_subscribe("oSubChat", "sandbox_miniapp_appointment")
    message = {
        "touser": "oSubChat_mp",
        "template_id": "sandbox_miniapp_appointment",
        "page": "pages/bookings/index",
        "data": {"thing1": {"value": "政策咨询"}},
    }
    assert miniapp_api.post("/cgi-bin/message/subscribe/send", message)["errcode"] == 0
    shown = _chat(wechat, "oSubChat")[-1]
    assert (shown["title"], shown["fields"], shown["url"]) == (
        "订阅消息",
        [["thing1", "政策咨询"]],
        "pages/bookings/index",
    )
