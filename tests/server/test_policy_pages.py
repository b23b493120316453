"""/policies: public pages of the policy library, without login, script or outside assets."""

import re
from datetime import date

from tests.support.policies import write_article


def test_a_published_article_has_a_page_anyone_can_open(client, network, db):
    article = write_article(network, published=True, body_html="<h2>政策内容</h2><p>按户扣减。</p>")
    db.session.commit()
    page = client.get(f"/policies/{article.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h2>政策内容</h2>" in text and "示范市退役军人事务局" in text
    assert "已失效" not in text


def test_a_draft_or_unknown_article_is_not_found(client, network, db):
    draft = write_article(network)
    db.session.commit()
    for url in (f"/policies/{draft.id}", "/policies/999999"):
        page = client.get(url)
        assert page.status_code == 404 and "没有找到这篇政策" in page.get_data(as_text=True)
        assert page.mimetype == "text/html"


def test_an_expired_article_keeps_its_page_with_a_banner_and_leaves_the_list(client, network, db):
    expired = write_article(
        network, title="2025年度优抚对象年度确认", published=True,
        published_on=date(2025, 2, 10), expires_on=date(2025, 4, 30),
    )  # fmt: skip
    current = write_article(network, title="抚恤补助按月发放", published=True)
    db.session.commit()
    page = client.get(f"/policies/{expired.id}").get_data(as_text=True)
    assert "已失效：本政策已于 2025-04-30 失效" in page
    listing = client.get("/policies/").get_data(as_text=True)
    assert current.title in listing and expired.title not in listing


def test_the_list_shows_articles_in_force_newest_first(client, network, db):
    write_article(network, title="较早的政策", published=True, published_on=date(2026, 1, 5))
    write_article(network, title="较新的政策", published=True, published_on=date(2026, 9, 1))
    write_article(network, title="未发布的政策")
    db.session.commit()
    listing = client.get("/policies/").get_data(as_text=True)
    assert listing.index("较新的政策") < listing.index("较早的政策")
    assert "未发布的政策" not in listing


def test_pages_forbid_scripts_and_load_nothing_from_outside(client, network, db):
    article = write_article(network, published=True, source_url="https://www.mva.gov.cn/")
    db.session.commit()
    for url in ("/policies/", f"/policies/{article.id}", "/policies/999999"):
        page = client.get(url)
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'none'" in policy and "default-src 'none'" in policy, url
        text = page.get_data(as_text=True)
        assert "<script" not in text
        assets = re.findall(r'(?:src|href)="([^"]+)"', text.replace('href="https://www.mva.gov.cn/"', ""))
        assert all(a.startswith("/") for a in assets), assets
    assert client.get("/static/policies/policy.css").status_code == 200


def test_pages_fit_a_phone(client, network, db):
    text = client.get("/policies/").get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
