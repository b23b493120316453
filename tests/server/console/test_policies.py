"""政策库 in the console: a broadcaster writes, previews and publishes; the public page follows."""

import re
from datetime import date

from sqlalchemy import select

from models import PolicyArticle, db
from tests.support.network import csrf_token, login
from tests.support.policies import topic, write_article

FORM = {
    "title": "重点优抚对象免费健康体检安排",
    "doc_number": "示退役〔2026〕5号",
    "issuer": "示范市退役军人事务局",
    "published_on": "2026-06-01",
    "summary": "每年为重点优抚对象安排一次免费健康体检。",
    "body_html": '<h2>体检对象</h2><p onclick="steal()">伤残军人等重点优抚对象。</p><script>alert(1)</script>'
    '<a href="javascript:alert(1)">报名</a>',
    "source_url": "https://www.mva.gov.cn/",
}


def _new(client, **changes):
    page = client.get("/console/policies/new")
    assert page.status_code == 200
    data = {**FORM, "csrf_token": csrf_token(page.get_data(as_text=True)), **changes}
    return client.post("/console/policies/new", data=data)


def _article(title=FORM["title"]):
    return db.session.scalars(select(PolicyArticle).filter_by(title=title)).one()


def test_a_broadcaster_writes_previews_and_publishes_and_the_public_page_follows(client, network):
    checkup = topic("医疗保障")
    db.session.commit()
    login(client, "broadcaster_c")
    saved = _new(client, station_id="0", topic_ids=str(checkup.id))
    assert saved.status_code == 302
    article = _article()
    assert article.state == "draft" and [t.name for t in article.topics] == ["医疗保障"]
    assert client.get(f"/policies/{article.id}").status_code == 404  # a draft has no public page

    preview = client.get(f"/console/policies/{article.id}/preview")
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "预览" in body and "伤残军人等重点优抚对象" in body
    assert "<script" not in body.split("</head>")[1] and "onclick" not in body and "javascript:" not in body
    assert "script-src 'none'" in preview.headers["Content-Security-Policy"]

    token = csrf_token(client.get(f"/console/policies/{article.id}").get_data(as_text=True))
    published = client.post(f"/console/policies/{article.id}/publish", data={"csrf_token": token})
    assert published.status_code == 302
    assert "已发布" in client.get(published.location).get_data(as_text=True)
    client.post("/console/logout", data={"csrf_token": token})

    public = client.get(f"/policies/{article.id}")
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and FORM["title"] in text and "示退役〔2026〕5号" in text
    assert "<h2>体检对象</h2>" in text and "onclick" not in text and "javascript:" not in text
    assert FORM["title"] in client.get("/policies/").get_data(as_text=True)


def test_a_refused_article_shows_the_reason_beside_its_field(client, network):
    login(client, "broadcaster_c")
    refused = _new(client, station_id="0", body_html="<script>alert(1)</script>")
    assert refused.status_code == 200
    assert "正文不能为空" in refused.get_data(as_text=True)
    assert db.session.scalar(select(PolicyArticle.id)) is None


def test_a_county_broadcaster_writes_for_their_subtree_only(client, network):
    login(client, "broadcaster_a")
    form = client.get("/console/policies/new").get_data(as_text=True)
    offered = set(re.findall(r'<option value="(\d+)"', form))
    assert str(network.station("A1").id) in offered
    assert "0" not in offered and str(network.station("B").id) not in offered
    assert _new(client, station_id=str(network.station("B").id)).status_code == 200
    assert _new(client, station_id=str(network.station("A1").id)).status_code == 302
    assert _article().station_id == network.station("A1").id


def test_the_list_marks_drafts_and_expired_articles(client, network):
    write_article(
        network,
        title="已过期的通知",
        published=True,
        published_on=date(2025, 2, 10),
        expires_on=date(2025, 4, 30),
    )
    write_article(network, title="还在起草")
    db.session.commit()
    login(client, "broadcaster_c")
    page = client.get("/console/policies").get_data(as_text=True)
    expired_row = page[page.index("已过期的通知") :].split("</tr>")[0]
    draft_row = page[page.index("还在起草") :].split("</tr>")[0]
    assert "已发布" in expired_row and "已失效" in expired_row
    assert "草稿" in draft_row and "已失效" not in draft_row


def test_editing_keeps_the_article_and_sanitizes_again(client, network):
    article = write_article(network, title="原标题")
    db.session.commit()
    login(client, "broadcaster_c")
    url = f"/console/policies/{article.id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {**FORM, "title": "新标题", "station_id": "0", "csrf_token": token}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    changed = db.session.get(PolicyArticle, article.id)
    assert changed.title == "新标题" and "script" not in changed.body_html


def test_broadcasters_write_policies_but_see_no_personal_record(client, network):
    login(client, "broadcaster_c")
    assert client.get("/console/policies").status_code == 200
    for url in ("/console/registrations", "/console/veterans", "/console/requests", "/console/dashboard"):
        assert client.get(url).status_code == 403, url


def test_a_clerk_may_not_write_policies(client, network):
    article = write_article(network)
    db.session.commit()
    login(client, "clerk_c")
    assert client.get("/console/policies").status_code == 403
    assert client.get("/console/policies/new").status_code == 403
    assert client.get(f"/console/policies/{article.id}/preview").status_code == 403
    nav = client.get("/console/").get_data(as_text=True)
    assert "政策库" not in nav
