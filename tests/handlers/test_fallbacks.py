import pytest

from handlers.router import router
from menus import click_keys


def _kinds(push):
    openid = "oKinds"
    return {
        "text": push.text(openid, "今天天气怎么样"),
        "image": push.fields(openid, "image", PicUrl="http://example.invalid/p.jpg", MediaId="m1"),
        "voice": push.fields(openid, "voice", MediaId="m2", Format="amr"),
        "video": push.fields(openid, "video", MediaId="m3", ThumbMediaId="t3"),
        "shortvideo": push.fields(openid, "shortvideo", MediaId="m4", ThumbMediaId="t4"),
        "location": push.fields(
            openid, "location", Location_X="30.27", Location_Y="120.15", Scale="15", Label="杭州市西湖区"
        ),
        "link": push.fields(
            openid, "link", Title="退役军人政策解读", Description="d", Url="http://x.invalid"
        ),
        "file": push.fields(openid, "file", Title="材料.pdf", FileKey="k", FileMd5="m", FileTotalLen="10"),
        "click": push.event(openid, "CLICK", key="BOOK"),
        "scancode": push.event(openid, "scancode_waitmsg", key="SCAN_KEY"),
    }


@pytest.mark.parametrize(
    "kind", ["text", "image", "voice", "video", "shortvideo", "location", "link", "file", "click", "scancode"]
)
def test_every_message_type_gets_a_sensible_answer(deliver, push, kind):
    response, reply = deliver(_kinds(push)[kind])
    assert response.status_code == 200
    assert reply["MsgType"] == "text" and len(reply["Content"]) > 10


@pytest.mark.parametrize("event", ["LOCATION", "VIEW", "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH"])
def test_background_events_get_no_chat_reply(deliver, push, event):
    response, reply = deliver(
        push.event("oKinds", event, key="http://x.invalid", Latitude="1", Longitude="2")
    )
    assert response.status_code == 200 and response.data == b"success" and reply == {}


@pytest.mark.parametrize(
    "word,expected",
    [("帮助", "登记建档"), ("菜单", "登记建档"), ("人工", "服务站的电话"), ("取消", "没有进行中")],
)
def test_keywords(deliver, push, word, expected):
    assert expected in deliver(push.text("oKinds", word))[1]["Content"]


def test_every_menu_key_has_its_own_handler():
    assert {str(key) for key in click_keys()} <= set(router.clicks)


def test_every_menu_item_is_built_none_says_coming_soon(deliver, push):
    for key in click_keys():
        reply = deliver(push.event("oKinds", "CLICK", key=str(key)))[1]
        assert reply.get("Content") and "即将上线" not in reply["Content"], key
