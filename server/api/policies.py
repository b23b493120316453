"""政策查询 for the mini-program: search or list the policies in force, read one, list the topics.

Public: no login is needed and the order is the same for everyone (the chat's search, which knows
the asker, prefers their category and station).
"""

from flask import jsonify, request

from server.api import bp
from server.api.fields import MAX_ID
from server.api.policy_shapes import (
    MAX_PAGE,
    PAGE_SIZE,
    QUERY_LIMIT,
    Policy,
    PolicyFile,
    PolicyPage,
    PolicySearchQuery,
    PolicySummary,
    PolicyTopic,
    PolicyTopicList,
)
from server.api.texts import POLICY_QUERY_MESSAGES
from server.api.validation import parsed_query
from server.extensions import settings
from server.operations.policies.library import active_topics, published_article, today
from server.operations.policies.search import newest_articles, search_articles


@bp.get("/policies")
def list_policies():
    query = parsed_query(PolicySearchQuery, _wrong_parameter)
    offset, words = (query.page - 1) * PAGE_SIZE, (query.q or "").strip()
    if words:
        found = search_articles(words, topic_id=query.topic, offset=offset, limit=PAGE_SIZE)
    else:
        found = newest_articles(query.topic, offset=offset, limit=PAGE_SIZE)
    items = [PolicySummary.of(article, _page_url(article.id)) for article, _score in found.articles]
    pages = max((found.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return jsonify(PolicyPage(items=items, total=found.total, page=query.page, pages=pages).model_dump())


@bp.get(f"/policies/<int(min=1, max={MAX_ID}):policy_id>")
def get_policy(policy_id):
    article = published_article(policy_id)
    url = _page_url(article.id)
    policy = Policy(
        **PolicySummary.of(article, url).model_dump(),
        effective_on=article.effective_on,
        in_force=article.in_force(today()),
        station=article.station.name if article.station else None,
        categories=[category.name for category in article.categories],
        body_html=article.body_html,
        source_url=article.source_url,
        attachments=[
            PolicyFile(id=file.id, filename=file.filename, size=file.size, url=f"{url}/attachments/{file.id}")
            for file in article.attachments
        ],
    )
    return jsonify(policy.model_dump())


@bp.get("/policy-topics")
def policy_topics():
    items = [PolicyTopic.model_validate(topic) for topic in active_topics()]
    return jsonify(PolicyTopicList(items=items).model_dump())


def _page_url(ident):
    base = settings().public_base_url or request.host_url
    return f"{base}policies/{ident}"


def _wrong_parameter(name, given):
    return POLICY_QUERY_MESSAGES[name].format(limit=QUERY_LIMIT, high=MAX_PAGE)
