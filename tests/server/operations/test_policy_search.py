"""政策查询 over the demo library: the same questions give the same order on SQLite and PostgreSQL
(the suite runs on both), only articles in force are found, and the asker's category and station
count."""

from datetime import date

import pytest
from sqlalchemy import select

from models import PolicyArticle, VeteranCategory, db
from server.operations.network.stations import station_by_code
from server.operations.policies.library import today
from server.operations.policies.search import Asker, newest_articles, search_articles
from server.seeds.policies import ARTICLES
from tests.support.policies import write_article

TAX = "自主就业退役士兵创业就业税收减免政策解读"
LOAN = "退役军人创业担保贷款及贴息办理办法"
CARD = "退役军人和其他优抚对象优待证申领指南"
PENSION = "关于按月足额发放优抚对象抚恤补助金的通知"
INSURANCE = "退役士兵养老、医疗保险关系转移接续办理指南"
CHECKUP = "西湖区重点优抚对象免费健康体检安排"
RELIEF = "困难退役军人临时救助办理指引"
LEGAL = "退役军人法律援助服务指引"
EDUCATION = "退役军人子女教育优待政策"

# What the demo's questions find, best first, for someone we know nothing of.
EXPECTED = {
    "就业政策": [TAX, LOAN],
    "优待证怎么办": [CARD],
    "政策 医保": [INSURANCE, CHECKUP, RELIEF],
    "抚恤金什么时候发": [PENSION, LEGAL],
    "创业贷款": [LOAN, TAX],
    "政策": [EDUCATION, TAX],
}


@pytest.fixture
def library(app, db):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0


def _in_force(titles):
    """`titles` less any that has expired by the day the suite runs (the order stays)."""
    expiry = {values["title"]: values["expires_on"] for values in ARTICLES}
    return [title for title in titles if expiry[title] is None or expiry[title] >= today()]


def _titles(query, **options):
    return [article.title for article, _score in search_articles(query, limit=10, **options).articles]


@pytest.mark.parametrize("query", EXPECTED)
def test_the_demo_questions_find_the_same_articles_in_the_same_order_on_either_database(library, query):
    assert _titles(query) == _in_force(EXPECTED[query])


def test_a_question_of_nothing_in_the_library_finds_nothing(library):
    found = search_articles("火星移民")
    assert found.total == 0 and found.articles == []
    assert search_articles("？？").words == []


def test_drafts_and_expired_articles_are_not_found(library):
    assert _titles("年度确认") == []  # the 2025 notice has expired
    assert _titles("荣誉激励 喜报") == []  # a draft
    assert "年度确认" in " ".join(a.title for a in db.session.scalars(select(PolicyArticle)))


def test_an_article_for_the_askers_category_comes_first(library):
    soldiers = db.session.scalar(select(VeteranCategory.id).filter_by(name="退役士兵"))
    martyrs = db.session.scalar(select(VeteranCategory.id).filter_by(name="烈士遗属"))
    assert _titles("创业", asker=Asker(category_id=soldiers))[0] == TAX  # 退役士兵 only
    assert _titles("创业")[0] == LOAN
    # a boost, not a filter: the other article is still there
    assert set(_titles("创业", asker=Asker(category_id=martyrs))) == {TAX, LOAN}


def test_station_articles_reach_their_subtree_only_and_come_first_there(library):
    westlake_village = station_by_code("330106001001")
    elsewhere = station_by_code("330110001")
    if CHECKUP not in _in_force([CHECKUP]):
        pytest.skip("the demo's 体检 article has expired")
    assert _titles("医疗保障", asker=Asker(station=westlake_village))[0] == CHECKUP
    assert _titles("医疗保障")[0] == INSURANCE
    assert CHECKUP not in _titles("医疗保障", asker=Asker(station=elsewhere))
    assert INSURANCE in _titles("医疗保障", asker=Asker(station=elsewhere))


def test_pages_follow_one_another_and_a_topic_narrows_the_search(library):
    everything = _titles("退役军人")
    first, second = (search_articles("退役军人", offset=o, limit=3) for o in (0, 3))
    assert [a.title for a, _ in first.articles + second.articles] == everything[:6]
    assert first.total == len(everything)
    housing = next(t for a in db.session.scalars(select(PolicyArticle)) for t in a.topics if t.name == "住房")
    assert _titles("退役军人 优抚", topic_id=housing.id) == ["优抚对象住房困难帮扶办法"]


def test_an_article_is_found_by_its_new_words_once_saved(network, db):
    article = write_article(network, published=True, title="伤残抚恤关系转移办理须知")
    db.session.commit()
    assert [a.id for a, _ in search_articles("伤残抚恤").articles] == [article.id]
    assert search_articles("税费").articles  # the default summary's words
    article.expires_on = date(2026, 4, 30)
    db.session.commit()
    assert search_articles("伤残抚恤").articles == []


def test_the_list_without_a_question_is_newest_first(library):
    listed = newest_articles(limit=50)
    dates = [article.published_on for article, _ in listed.articles]
    assert dates == sorted(dates, reverse=True) and listed.total == len(dates)
