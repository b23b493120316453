"""政策查询 in chat: 政策服务 → 政策查询 asks what to look for; a policy question typed outside any
dialog ("就业政策", "优待证怎么办") searches too (handlers/fallbacks.py).

A reply to a message carries one news card: the best match is the card, and its description lists
the next four by number. "2" then sends the second one's card, "更多" the link to every result on
the public list page; anything else that is not a policy question leaves the results and is answered
as if no dialog were open.
"""

from urllib.parse import quote

from handlers import texts
from handlers.choices import normal, position_of
from handlers.router import router, text_of
from menus import MenuKey
from server.operations.core.errors import NotFound
from server.operations.policies.library import active_topics, published_article
from server.operations.policies.search import Asker, search_articles
from server.wechat_protocol.messages import NewsCard

SHOWN = 5  # the card and four numbered lines
MORE_WORDS = frozenset({"更多", "全部", "查看更多", "更多政策"})
# Words that make a short message outside a dialog a policy question (besides the topics' names).
POLICY_WORDS = (
    *("政策", "优待证", "优待", "抚恤", "优抚", "补助", "补贴", "医保", "社保", "养老保险"),
    *("创业", "就业", "贷款", "体检", "法律援助", "救助", "安置", "待遇"),
)
LONGEST_QUESTION = 30  # characters; a longer message is more likely a request than a question
LONGEST_SEARCH = 50  # characters searched, as the public list page and the API read of q
SUMMARY_SHOWN = 60


@router.click(MenuKey.POLICIES)
def ask_policy(msg, ctx):
    ctx.dialog.goto("policy:ask")
    return texts.POLICY_ASK


@router.step("policy:ask")
def asked_policy(msg, ctx):
    said = text_of(msg).strip()
    return search_reply(said, ctx) if said else texts.POLICY_ASK_AGAIN


@router.step("policy:results")
def after_results(msg, ctx):
    said = text_of(msg).strip()
    data = ctx.dialog.data
    if normal(said) in MORE_WORDS:
        return texts.POLICY_ALL.format(
            query=data["query"], total=data["total"], url=list_url(ctx, data["query"])
        )
    number = position_of(said)
    if number is not None:
        if 1 <= number <= len(data["ids"]):
            return article_card(data["ids"][number - 1], ctx)
        return texts.POLICY_BAD_NUMBER.format(number=number, count=len(data["ids"]))
    if is_policy_question(said):
        return search_reply(said, ctx)
    ctx.dialog.end()
    return router.resolve(msg, ctx.dialog).handler(msg, ctx)


def is_policy_question(said):
    """A short text naming 政策, a policy word or a topic: searched even outside a dialog."""
    if not said or len(said) > LONGEST_QUESTION:
        return False
    return any(word in said for word in POLICY_WORDS) or any(topic.name in said for topic in active_topics())


def search_reply(query, ctx):
    """The best match as a news card listing the next ones; no match: say so and who to ask."""
    query = query[:LONGEST_SEARCH]  # the reply quotes it: a long one must not push out the link or phone
    found = search_articles(query, asker_of(ctx), limit=SHOWN)
    if not found.articles:
        ctx.dialog.end()
        return _nothing_found(query, ctx)
    best, *others = [article for article, _score in found.articles]
    ctx.dialog.goto("policy:results", query=query, ids=[best.id, *(a.id for a in others)], total=found.total)
    description = _summary(best)
    if others:
        lines = "\n".join(f"{number}. {article.title}" for number, article in enumerate(others, start=2))
        description += texts.POLICY_OTHERS.format(lines=lines)
    if found.total > SHOWN:
        description += texts.POLICY_MORE.format(total=found.total)
    return NewsCard(best.title, description, article_url(ctx, best.id))


def article_card(ident, ctx):
    try:
        article = published_article(ident)
    except NotFound as error:  # withdrawn since the list was shown
        return error.message
    return NewsCard(article.title, _summary(article) + texts.POLICY_PICKED, article_url(ctx, article.id))


def asker_of(ctx):
    """Their registration's station and category, else the station they follow, else nobody."""
    veteran = ctx.veteran
    station = veteran.station if veteran is not None else None
    if station is None and ctx.follower is not None:
        station = ctx.follower.station
    return Asker(station=station, category_id=veteran.category_id if veteran is not None else None)


def article_url(ctx, ident):
    return f"{ctx.public_url}policies/{ident}"


def list_url(ctx, query):
    return f"{ctx.public_url}policies/?q={quote(query)}"


def _summary(article):
    summary = article.summary
    return summary if len(summary) <= SUMMARY_SHOWN else summary[: SUMMARY_SHOWN - 1] + "…"


def _nothing_found(query, ctx):
    reply = texts.POLICY_NONE.format(query=query)
    station = asker_of(ctx).station
    if station is not None and station.phone:
        reply += texts.POLICY_NONE_STATION.format(name=station.name, phone=station.phone)
    return reply
