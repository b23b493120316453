"""政策查询 in chat, through /wechat as WeChat delivers it: the menu's search dialog, a question
typed outside any dialog, the news card with the next four, "2", 更多, and no match."""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from models import PolicyArticle

TAX = "自主就业退役士兵创业就业税收减免政策解读"
LOAN = "退役军人创业担保贷款及贴息办理办法"
CARD = "退役军人和其他优抚对象优待证申领指南"
INSURANCE = "退役士兵养老、医疗保险关系转移接续办理指南"


@pytest.fixture
def library(app, db):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    return {article.title: article.id for article in db.session.scalars(select(PolicyArticle))}


def _card(reply):
    assert reply["MsgType"] == "news" and reply["ArticleCount"] == "1", reply
    (card,) = reply["Articles"]
    return card


def test_the_menu_opens_a_search_and_the_best_match_comes_as_a_card_with_the_next_ones(
    wechat, library, live_app
):
    wechat.follow("oPolicy1")
    assert "请输入想查询的政策，如“优待证”" in wechat.click("oPolicy1", "POLICIES")
    card = _card(wechat.send("oPolicy1", "text", content="创业贷款")["reply"])
    assert card["Title"] == LOAN and card["Url"] == f"{live_app}/policies/{library[LOAN]}"
    assert "最高30万元" in card["Description"]
    assert f"其他相关政策（回复序号查看）：\n2. {TAX}" in card["Description"]


@pytest.mark.parametrize(
    ("question", "best"), [("就业政策", TAX), ("优待证怎么办", CARD), ("政策 医保", INSURANCE)]
)
def test_a_policy_question_outside_any_dialog_searches(wechat, library, question, best):
    wechat.follow("oPolicy2")
    assert _card(wechat.send("oPolicy2", "text", content=question)["reply"])["Title"] == best


def test_replying_2_sends_the_second_one_and_更多_links_the_full_list(wechat, library, live_app, client):
    wechat.follow("oPolicy3")
    wechat.send("oPolicy3", "text", content="就业政策")
    second = _card(wechat.send("oPolicy3", "text", content="2")["reply"])
    assert second["Title"] == LOAN and second["Url"].endswith(f"/policies/{library[LOAN]}")
    assert "回复其他序号查看另一条" in second["Description"]
    assert _card(wechat.send("oPolicy3", "text", content="1")["reply"])["Title"] == TAX
    more = wechat.say("oPolicy3", "更多")
    link = f"{live_app}/policies/?q={quote('就业政策')}"
    assert "“就业政策”共找到2条政策" in more and link in more
    listing = client.get(link.removeprefix(live_app)).get_data(as_text=True)
    assert listing.index(TAX) < listing.index(LOAN)
    assert "没有第9条" in wechat.say("oPolicy3", "9")


def test_no_match_says_so_and_offers_a_person_and_the_stations_phone(wechat, library):
    wechat.follow("oPolicy4", scene="st:330106001001")
    reply = wechat.say("oPolicy4", "火星移民政策")
    assert "没有找到与“火星移民政策”相关的现行政策" in reply and "回复“人工”" in reply
    assert "西湖村退役军人服务站" in reply and "0571" in reply
    assert "工作人员帮助" in wechat.say("oPolicy4", "人工")  # no dialog left open


def test_after_the_results_other_words_are_answered_as_usual(wechat, library):
    wechat.follow("oPolicy5")
    wechat.send("oPolicy5", "text", content="优待证怎么办")
    assert "本公众号可以办理" in wechat.say("oPolicy5", "帮助")
    wechat.send("oPolicy5", "text", content="优待证怎么办")
    assert "没有理解您的意思" in wechat.say("oPolicy5", "今天天气怎么样")
    assert "没有理解您的意思" in wechat.say("oPolicy5", "2")  # the results were left


def test_a_long_message_or_one_without_a_policy_word_is_not_a_search(wechat, library):
    wechat.follow("oPolicy6")
    assert "没有理解您的意思" in wechat.say("oPolicy6", "你好")
    long_story = "我家里老人今年生病住院了，想问问优待证能不能在医院用，还有没有别的办法减轻一些负担"
    assert wechat.send("oPolicy6", "text", content=long_story)["reply"]["MsgType"] == "text"


def test_the_dialog_asks_again_for_words_and_cancel_leaves_it(wechat, library):
    wechat.follow("oPolicy7")
    wechat.click("oPolicy7", "POLICIES")
    assert "请用文字输入" in wechat.send("oPolicy7", "location", label="西湖")["reply"]["Content"]
    assert "已退出当前操作" in wechat.say("oPolicy7", "取消")


def test_card_links_start_with_the_configured_public_address(wechat, library, configure):
    configure(public_base_url="https://vets.example.cn/")
    wechat.follow("oPolicy8")
    card = _card(wechat.send("oPolicy8", "text", content="优待证怎么办")["reply"])
    assert card["Url"] == f"https://vets.example.cn/policies/{library[CARD]}"


def test_a_very_long_question_keeps_the_links_and_the_stations_phone_in_the_reply(wechat, library, live_app):
    wechat.follow("oPolicy9", scene="st:330106001001")
    wechat.click("oPolicy9", "POLICIES")
    question = "就业政策" + "😀请问" * 800
    _card(wechat.send("oPolicy9", "text", content=question)["reply"])
    more = wechat.say("oPolicy9", "更多")
    kept = question[:50]
    assert more.endswith(f"{live_app}/policies/?q={quote(kept)}") and f"“{kept}”共找到" in more
    wechat.click("oPolicy9", "POLICIES")
    nothing = wechat.say("oPolicy9", "火星移民" + "😀" * 2000)
    assert "没有找到与“火星移民" in nothing and "西湖村退役军人服务站" in nothing and "0571" in nothing
