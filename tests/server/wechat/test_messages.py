"""Replies rendered for WeChat: a news card whose words cannot break the XML."""

from server.wechat_protocol.messages import NewsCard, read_reply, render_reply
from server.wechat_protocol.messages import parse as parse_message

MESSAGE = (
    "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oCard]]></FromUserName>"
    "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[优待证]]></Content><MsgId>1</MsgId></xml>"
)


def test_a_news_card_carries_any_text_safely():
    card = NewsCard(
        title="优待证]]><Evil/>申领\x01指南",
        description="第一行\n2. 第二条 ]]> & <b>",
        url="https://vets.example.cn/policies/1?a=1&b=2",
    )
    fields = read_reply(render_reply(card, parse_message(MESSAGE)).encode())
    assert (fields["MsgType"], fields["ToUserName"], fields["ArticleCount"]) == ("news", "oCard", "1")
    assert fields["Articles"] == [
        {
            "Title": "优待证]]><Evil/>申领指南",
            "Description": "第一行\n2. 第二条 ]]> & <b>",
            "PicUrl": "",
            "Url": "https://vets.example.cn/policies/1?a=1&b=2",
        }
    ]


def test_a_long_card_is_cut_to_what_wechat_shows():
    card = NewsCard(title="优" * 200, description="待" * 2000, url="https://vets.example.cn/policies/1")
    (article,) = read_reply(render_reply(card, parse_message(MESSAGE)).encode())["Articles"]
    assert len(article["Title"].encode()) <= 192 and article["Title"].endswith("…")
    assert len(article["Description"].encode()) <= 1024
