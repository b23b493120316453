"""GET /api/v1/policies (search or list), /policies/{id} and /policy-topics: public, no login."""

import pytest
from sqlalchemy import select

from models import PolicyArticle, PolicyTopic
from tests.support.policies import write_article

TAX = "自主就业退役士兵创业就业税收减免政策解读"
LOAN = "退役军人创业担保贷款及贴息办理办法"


@pytest.fixture
def library(app, db):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    return {article.title: article for article in db.session.scalars(select(PolicyArticle))}


def test_a_search_answers_the_best_match_first_with_its_public_page(client, library):
    answer = client.get("/api/v1/policies", query_string={"q": "创业贷款"})
    assert answer.status_code == 200
    page = answer.get_json()
    assert [item["title"] for item in page["items"]] == [LOAN, TAX]
    assert (page["total"], page["page"], page["pages"]) == (2, 1, 1)
    loan = page["items"][0]
    assert loan["url"] == f"http://localhost/policies/{library[LOAN].id}" and loan["topics"] == ["就业创业"]
    assert loan["published_on"] == "2026-04-20" and loan["doc_number"] == "示退役发〔2026〕9号"


def test_without_a_question_the_policies_in_force_come_newest_first_by_page(client, library):
    first = client.get("/api/v1/policies").get_json()
    dates = [item["published_on"] for item in first["items"]]
    assert dates == sorted(dates, reverse=True) and first["total"] >= 8 and len(first["items"]) <= 10
    assert client.get("/api/v1/policies", query_string={"page": 99}).get_json()["items"] == []


def test_a_topic_narrows_the_list_and_the_search(client, library, db):
    topics = client.get("/api/v1/policy-topics").get_json()["items"]
    housing = next(topic["id"] for topic in topics if topic["name"] == "住房")
    assert db.session.get(PolicyTopic, housing).name == "住房"
    listed = client.get("/api/v1/policies", query_string={"topic": housing}).get_json()
    assert [item["title"] for item in listed["items"]] == ["优抚对象住房困难帮扶办法"]
    searched = client.get("/api/v1/policies", query_string={"topic": housing, "q": "创业"}).get_json()
    assert searched["items"] == [] and searched["total"] == 0


def test_one_policy_comes_whole_and_an_expired_one_says_so(client, library):
    tax = client.get(f"/api/v1/policies/{library[TAX].id}").get_json()
    assert tax["in_force"] is True and tax["categories"] == ["退役士兵"] and tax["station"] is None
    assert "<h2>个体经营</h2>" in tax["body_html"] and tax["attachments"] == []
    expired = next(a for a in library.values() if "年度确认" in a.title)
    assert client.get(f"/api/v1/policies/{expired.id}").get_json()["in_force"] is False


def test_a_draft_or_unknown_policy_is_a_404_in_chinese(client, library):
    draft = next(a for a in library.values() if a.state == "draft")
    for ident in (draft.id, 999999):
        answer = client.get(f"/api/v1/policies/{ident}")
        assert answer.status_code == 404
        assert answer.get_json()["error"]["message"] == "没有找到这篇政策，它可能尚未发布或已撤回"


def test_attachments_link_to_their_download(client, network, db):
    article = write_article(network, published=True, pdf=True)
    db.session.commit()
    (file,) = client.get(f"/api/v1/policies/{article.id}").get_json()["attachments"]
    assert file["filename"] == "通知原文.pdf" and client.get(file["url"]).mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ({"q": "政" * 51}, "q", "查询内容请不超过50个字"),
        ({"page": "0"}, "page", "页码应为 1 到 1000 之间的整数"),
        ({"page": "二"}, "page", "页码应为 1 到 1000 之间的整数"),
        ({"topic": "-1"}, "topic", "专题应为专题 id（正整数）"),
    ],
)
def test_wrong_parameters_are_a_400_naming_them(client, parameters, field, message):
    answer = client.get("/api/v1/policies", query_string=parameters)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["fields"] == {field: message}
