"""Policy articles for tests, written through the real operations by a broadcaster."""

from datetime import date

from server.operations.core.audit import Actor
from server.operations.policies.attachments import attach_pdf
from server.operations.policies.library import publish_article, save_article
from server.operations.policies.topics import add_topic
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import username_for
from tests.support.veterans import values

# A one-page PDF, as small as a valid one gets.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def article_values(**overrides):
    values = {
        "title": "退役士兵创业税收减免",
        "doc_number": "示退役发〔2026〕8号",
        "issuer": "示范市退役军人事务局",
        "published_on": date(2026, 4, 10),
        "effective_on": None,
        "expires_on": None,
        "summary": "自主就业退役士兵从事个体经营，3年内按每户每年限额扣减税费。",
        "body_html": "<h2>政策内容</h2><p>按每户每年20000元为限额扣减。</p>",
        "source_url": None,
        "station_id": None,
        "topic_ids": [],
        "category_ids": [],
    }
    return {**values, **overrides}


def write_article(network, code="C", published=False, pdf=False, **overrides):
    """An article of station `code` (None: the whole network), by that station's broadcaster."""
    writer = network.staff(username_for("broadcaster", code or "C"))
    actor = Actor.of(writer)
    station_id = network.station(code).id if code else None
    article = save_article(None, article_values(station_id=station_id, **overrides), writer, actor)
    if pdf:
        attach_pdf(article, "通知原文.pdf", PDF, actor)
    if published:
        publish_article(article, actor)
    return article


def topic(name="就业创业"):
    return add_topic(name, Actor.system("test"))


def register_person(network, openid=None, miniapp_openid=None, serial=1):
    """A chat registration (category 1, at village A1a) submitted: what gives default topics."""
    veteran = start_registration("chat", openid=openid, miniapp_openid=miniapp_openid)
    update_registration(veteran, values(network.station("A1a").id, serial=serial))
    return submit_registration(veteran)
