"""政策查询: the articles in force that answer a question, best first.

Words come from jieba (words.py). PostgreSQL finds the articles through the GIN index over their
stored `search_vector` and ranks them with `ts_rank`; SQLite finds them with LIKE over the same
words and ranks them in Python with the same formula (ranking.py), so both give one order.

The asker's registration or followed station personalises it: an article for their category counts
half again, one written for their own subtree a quarter again (a boost, never a filter), and articles
written for other stations' subtrees are left out. Ties go to the newer article.
"""

from dataclasses import dataclass, field

from sqlalchemy import Float, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.orm import selectinload

from models import PolicyArticle, db
from models.policy import policy_article_category, policy_article_topic
from models.station import path_ids
from server.operations.policies.library import articles_in_force
from server.operations.policies.ranking import rank
from server.operations.policies.words import question_words

CATEGORY_BOOST = 1.5
STATION_BOOST = 1.25


@dataclass(frozen=True)
class Asker:
    """Who is asking, as far as we know: their station (registered or followed) and category."""

    station: object = None
    category_id: int | None = None

    @property
    def station_ids(self):
        """Their station and those above it: the stations whose articles apply to them."""
        return path_ids(self.station.path) if self.station is not None else []


@dataclass
class Found:
    words: list
    total: int = 0
    articles: list = field(default_factory=list)


def search_articles(query, asker=Asker(), topic_id=None, offset=0, limit=5):
    """The in-force articles `query` finds for `asker` (optionally of one topic): `limit` of them
    from `offset`, best first, with how many there are in all."""
    words = question_words(query)
    if not words:
        return Found(words)
    statement = _candidates(asker, topic_id)
    if db.session.get_bind().dialect.name == "postgresql":
        return _ranked_by_postgresql(statement, words, asker, offset, limit)
    return _ranked_here(statement, words, asker, offset, limit)


def newest_articles(topic_id=None, offset=0, limit=10):
    """The in-force articles (optionally of one topic) newest first, as the public list shows them."""
    statement = _candidates(Asker(), topic_id)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    newest = statement.order_by(PolicyArticle.published_on.desc(), PolicyArticle.id.desc())
    articles = db.session.execute(newest.offset(offset).limit(limit)).scalars().all()
    return Found([], total, [(article, None) for article in articles])


def _candidates(asker, topic_id):
    statement = articles_in_force().order_by(None).options(selectinload(PolicyArticle.topics))
    if asker.station is not None:
        applies = PolicyArticle.station_id.in_(asker.station_ids)
        statement = statement.where(or_(PolicyArticle.station_id.is_(None), applies))
    if topic_id is not None:
        of_topic = exists().where(
            policy_article_topic.c.article_id == PolicyArticle.id, policy_article_topic.c.topic_id == topic_id
        )
        statement = statement.where(of_topic)
    return statement


def _boost(asker):
    """The factor an article's rank is multiplied by for `asker` (an SQL expression)."""
    for_category = exists().where(
        policy_article_category.c.article_id == PolicyArticle.id,
        policy_article_category.c.category_id == asker.category_id,
    )
    for_station = and_(PolicyArticle.station_id.is_not(None), PolicyArticle.station_id.in_(asker.station_ids))
    category = case((for_category, CATEGORY_BOOST), else_=1.0) if asker.category_id else literal(1.0)
    station = case((for_station, STATION_BOOST), else_=1.0) if asker.station else literal(1.0)
    return cast(category, Float), cast(station, Float)


def _ranked_by_postgresql(statement, words, asker, offset, limit):
    """One scan: every match's score and how many there are, then the page's articles by id. The
    inner query's OFFSET 0 keeps PostgreSQL from computing the scores after the count."""
    query = func.to_tsquery("simple", " | ".join(words))
    category, station = _boost(asker)
    score = cast(func.ts_rank(PolicyArticle.search_vector, query), Float) * category * station
    matching = statement.where(PolicyArticle.search_vector.op("@@")(query))
    ranked = (
        matching.with_only_columns(PolicyArticle.id, PolicyArticle.published_on, score.label("score"))
        .offset(0)
        .subquery()
    )
    page = (
        select(ranked.c.id, ranked.c.score, func.count().over().label("total"))
        .order_by(ranked.c.score.desc(), ranked.c.published_on.desc(), ranked.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = db.session.execute(page).all()
    if not rows:
        return Found(words, db.session.scalar(select(func.count()).select_from(ranked)) if offset else 0)
    chosen = select(PolicyArticle).where(PolicyArticle.id.in_([row.id for row in rows]))
    articles = db.session.execute(chosen.options(selectinload(PolicyArticle.topics)))
    by_id = {article.id: article for article in articles.scalars()}
    return Found(words, rows[0].total, [(by_id[row.id], row.score) for row in rows])


def _ranked_here(statement, words, asker, offset, limit):
    spaced = " " + func.replace(PolicyArticle.search_text, "\n", " ") + " "
    matching = statement.where(or_(*(spaced.like(f"% {word} %") for word in words)))
    category, station = _boost(asker)
    rows = db.session.execute(matching.add_columns(category, station)).all()
    scored = [(article, rank(article.search_text, words) * c * s) for article, c, s in rows]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].published_on.toordinal(), -pair[0].id))
    return Found(words, len(scored), scored[offset : offset + limit])
