"""政策库: writing, publishing and withdrawing policy articles, and what the public pages list.

An article is for the whole network (no station: written at the network's top only) or for one
station's subtree, which its writer must have in scope. It is in force while published and not past
its 失效日期 (an Asia/Shanghai date); an expired article keeps its page, marked 已失效.
"""

from urllib.parse import urlsplit

from sqlalchemy import or_, select, true
from sqlalchemy.orm import selectinload

from models import PolicyArticle, PolicyTopic, Station, VeteranCategory, db
from models.types import utcnow
from server.operations.core import audit
from server.operations.core import texts as core_texts
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.core.scope import subtree
from server.operations.policies import texts
from server.operations.policies.sanitize import sanitize_html
from server.operations.policies.words import search_text
from server.timezone import local_date

LIMITS = {
    **{"title": 200, "doc_number": 100, "issuer": 100},
    **{"summary": 500, "body_html": 100_000, "source_url": 500},
}
REQUIRED = ("title", "issuer", "summary", "body_html")


def today():
    return local_date(utcnow())


def article_scope(staff):
    """A WHERE clause for the articles `staff` may see and change: their subtree's, and the
    network-wide ones when they work at the network's top."""
    if staff.station.parent_id is None:
        return true()
    return PolicyArticle.station_id.in_(subtree(staff.station))


def articles_for(staff):
    """The articles `staff` keeps, newest first (a select, for paging)."""
    return (
        select(PolicyArticle)
        .where(article_scope(staff))
        .options(selectinload(PolicyArticle.topics), selectinload(PolicyArticle.station))
        .order_by(PolicyArticle.published_on.desc(), PolicyArticle.id.desc())
    )


def article_for(ident, staff):
    """The article `ident` if `staff` may see it; NotFound otherwise, never a hint it exists."""
    statement = select(PolicyArticle).where(PolicyArticle.id == ident, article_scope(staff))
    article = db.session.execute(statement).scalar_one_or_none()
    if article is None:
        raise NotFound(core_texts.NOT_IN_SCOPE)
    return article


def save_article(article, values, staff, actor):
    """Create (article None) or change an article from the console's values; the body is sanitized."""
    fields = {name: _text(values, name) for name in LIMITS}
    fields["body_html"] = sanitize_html(fields["body_html"])
    if not fields["body_html"]:
        raise DomainError(texts.BODY_EMPTY, field="body_html")
    _check_source_url(fields["source_url"])
    dates = {name: values.get(name) for name in ("published_on", "effective_on", "expires_on")}
    _check_dates(**dates)
    station = _station(values.get("station_id"), staff)
    topics = _chosen(PolicyTopic, values.get("topic_ids"), texts.TOPIC_UNKNOWN, "topic_ids")
    categories = _chosen(VeteranCategory, values.get("category_ids"), texts.CATEGORY_UNKNOWN, "category_ids")
    if article is None:
        article = PolicyArticle(state="draft", created_by_id=actor.staff_id)
        db.session.add(article)
    for name, value in {**fields, **dates}.items():
        setattr(article, name, value)
    article.station_id = station.id if station else None
    article.topics, article.categories = topics, categories
    article.search_text = search_text(
        article.title, [topic.name for topic in topics], article.summary, article.body_html
    )
    db.session.flush()
    audit.record(actor, "policy.save", article, title=article.title)
    return article


def publish_article(article, actor):
    """Put a draft on its public page (and in the public list while it is in force)."""
    if article.state == "published":
        raise InvalidState(texts.ALREADY_PUBLISHED)
    article.state, article.published_at, article.published_by_id = "published", utcnow(), actor.staff_id
    audit.record(actor, "policy.publish", article, title=article.title)
    return article


def unpublish_article(article, actor):
    """Withdraw an article: its page answers 404 again, until it is published anew."""
    if article.state != "published":
        raise InvalidState(texts.NOT_PUBLISHED)
    article.state = "draft"
    audit.record(actor, "policy.unpublish", article, title=article.title)
    return article


def published_article(ident):
    """An article as its public page shows it: published (in force or expired), else NotFound."""
    article = db.session.get(PolicyArticle, ident)
    if article is None or article.state != "published":
        raise NotFound(texts.ARTICLE_NOT_FOUND)
    return article


def articles_in_force(on=None):
    """Published articles not past their 失效日期 on `on` (today), newest first (a select)."""
    day = on or today()
    return (
        select(PolicyArticle)
        .where(
            PolicyArticle.state == "published",
            or_(PolicyArticle.expires_on.is_(None), PolicyArticle.expires_on >= day),
        )
        .order_by(PolicyArticle.published_on.desc(), PolicyArticle.id.desc())
    )


def active_topics():
    statement = select(PolicyTopic).where(PolicyTopic.active.is_(True)).order_by(PolicyTopic.sort)
    return db.session.execute(statement).scalars().all()


def _text(values, name):
    text = "".join(ch for ch in str(values.get(name) or "") if ch in "\n\t" or ch.isprintable()).strip()
    label = texts.LABELS[name]
    if name in REQUIRED and not text:
        raise DomainError(texts.FIELD_REQUIRED.format(label=label), field=name)
    if len(text) > LIMITS[name]:
        raise DomainError(texts.FIELD_TOO_LONG.format(label=label, limit=LIMITS[name]), field=name)
    optional = name not in REQUIRED
    return None if optional and not text else text


def _check_source_url(url):
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise DomainError(texts.SOURCE_URL_INVALID, field="source_url")


def _check_dates(published_on, effective_on, expires_on):
    if published_on is None:
        raise DomainError(texts.PUBLISHED_ON_REQUIRED, field="published_on")
    if expires_on and expires_on < (effective_on or published_on):
        raise DomainError(texts.DATES_OUT_OF_ORDER, field="expires_on")


def _station(station_id, staff):
    if not station_id:
        if staff.station.parent_id is not None:
            raise DomainError(texts.WHOLE_NETWORK_ONLY_AT_TOP, field="station_id")
        return None
    station = db.session.get(Station, station_id)
    if station is None or not station.active or not staff.station.contains(station):
        raise DomainError(texts.STATION_NOT_IN_SCOPE, field="station_id")
    return station


def _chosen(model, ids, refusal, field):
    ids = set(ids or ())
    rows = db.session.execute(select(model).where(model.id.in_(ids), model.active.is_(True))).scalars().all()
    if len(rows) != len(ids):
        raise DomainError(refusal, field=field)
    return sorted(rows, key=lambda row: row.sort)
