from datetime import date

import pytest
from sqlalchemy import select

from models import PolicyArticle, VeteranCategory, db
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.policies.library import (
    article_for,
    articles_for,
    articles_in_force,
    published_article,
    save_article,
    unpublish_article,
)
from tests.support.network import username_for
from tests.support.policies import article_values, topic, write_article


def _save(network, code, **values):
    writer = network.staff(username_for("broadcaster", code))
    return save_article(None, article_values(**values), writer, Actor.of(writer))


def test_the_body_is_stored_sanitized_with_topics_and_categories(network, db):
    employment = topic("就业创业")
    soldiers = db.session.scalars(select(VeteranCategory).filter_by(name="退役士兵")).one()
    article = _save(
        network, "C", body_html="<p onclick='x()'>正文</p><script>alert(1)</script>",
        topic_ids=[employment.id], category_ids=[soldiers.id],
    )  # fmt: skip
    assert article.body_html == "<p>正文</p>"
    assert article.state == "draft" and article.station_id is None
    assert article.topics == [employment] and article.categories == [soldiers]


def test_a_body_with_nothing_left_after_sanitizing_is_refused(network):
    with pytest.raises(DomainError) as refused:
        _save(network, "C", body_html="<script>alert(1)</script>")
    assert refused.value.details["field"] == "body_html"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.cn/a", "www.mva.gov.cn"])
def test_the_official_link_must_be_a_web_address(network, url):
    with pytest.raises(DomainError) as refused:
        _save(network, "C", source_url=url)
    assert refused.value.details["field"] == "source_url"


def test_an_expiry_before_the_effective_date_is_refused(network):
    with pytest.raises(DomainError) as refused:
        _save(network, "C", effective_on=date(2026, 5, 1), expires_on=date(2026, 4, 30))
    assert refused.value.details["field"] == "expires_on"


def test_below_the_top_an_article_is_for_a_station_of_ones_subtree(network):
    with pytest.raises(DomainError, match="市级账号"):
        _save(network, "A", station_id=None)
    with pytest.raises(DomainError, match="管辖范围"):
        _save(network, "A", station_id=network.station("B").id)
    assert _save(network, "A", station_id=network.station("A1").id).station_id == network.station("A1").id


def test_a_writer_sees_and_changes_only_their_subtree(network):
    county = write_article(network, "A", title="甲区政策")
    sibling = write_article(network, "B", title="乙区政策")
    whole = write_article(network, None, title="全网政策")
    writer_a = network.staff(username_for("broadcaster", "A"))
    assert db.session.scalars(articles_for(writer_a)).all() == [county]
    for other in (sibling, whole):
        with pytest.raises(NotFound):
            article_for(other.id, writer_a)
    top = network.staff(username_for("broadcaster", "C"))
    assert set(db.session.scalars(articles_for(top))) == {county, sibling, whole}


def test_in_force_means_published_and_not_past_the_last_day(network):
    lasting = write_article(network, title="长期有效", published=True)
    ends_today = write_article(network, title="今天到期", published=True, expires_on=date(2026, 6, 30))
    write_article(network, title="已过期", published=True, expires_on=date(2026, 6, 29))
    write_article(network, title="草稿")
    listed = db.session.scalars(articles_in_force(date(2026, 6, 30))).all()
    assert set(listed) == {lasting, ends_today}


def test_a_withdrawn_article_has_no_public_page_again(network):
    article = write_article(network, published=True)
    assert published_article(article.id) is article
    unpublish_article(article, Actor.system("test"))
    with pytest.raises(NotFound):
        published_article(article.id)
    with pytest.raises(InvalidState):
        unpublish_article(article, Actor.system("test"))


def test_publishing_records_who_and_when(network):
    article = write_article(network, published=True)
    publisher = network.staff(username_for("broadcaster", "C"))
    row = db.session.get(PolicyArticle, article.id)
    assert row.published_by_id == publisher.id and row.published_at is not None
