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


def test_the_list_searches_with_q_best_match_first(client, network, db):
    write_article(network, title="创业担保贷款办理", published=True, summary="个人最高可贷30万元。")
    write_article(
        network, title="税收减免", published=True, summary="从事个体经营的，可申请创业担保贷款贴息。"
    )
    write_article(network, title="优待证申领", published=True, summary="到户籍地服务站申请。")
    db.session.commit()
    page = client.get("/policies/", query_string={"q": "创业贷款"})
    text = page.get_data(as_text=True)
    assert "“创业贷款”共找到 2 条现行政策" in text and 'value="创业贷款"' in text
    assert text.index("创业担保贷款办理") < text.index("税收减免") and "优待证申领" not in text
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    nothing = client.get("/policies/", query_string={"q": "火星"}).get_data(as_text=True)
    assert "没有找到相关的现行政策" in nothing


def test_search_results_page_on_with_the_question(client, network, db):
    for number in range(22):
        write_article(network, title=f"优待证办理须知第{number}号", published=True)
    db.session.commit()
    first = client.get("/policies/", query_string={"q": "优待证"}).get_data(as_text=True)
    assert "第 1 / 2 页" in first and "/policies/?page=2&amp;q=%E4%BC%98%E5%BE%85%E8%AF%81" in first
    second = client.get("/policies/", query_string={"q": "优待证", "page": 2}).get_data(as_text=True)
    assert second.count("优待证办理须知") == 2
