"""订阅推送: the policy topics a person chooses, on the chat and the mini-program.

A person is one `PolicySubscriber` row (models/subscription.py): by official-account `openid`, by
mini-program `miniapp_openid`, or both once their registration links the two (the two rows, if each
side chose before the link, become one: the latest choice wins). The row exists once a choice is
made; its category's default topics are given at registration only to someone without one, so
"取消全部" (an empty list) stays as they left it.

Every change asks the tag sync (server/jobs/tags.py) to bring the follower's WeChat tags in step.
"""

from sqlalchemy import or_, select, update

from models import Follower, PolicySubscriber, PolicyTopic, Veteran, VeteranCategory, db
from models.subscription import policy_default_topic
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.policies import texts
from server.outbox import after_commit

TAG_SYNC_JOB = "server.jobs.tags.sync_follower_tags"
MAX_TOPICS = 100  # more ids than topics can ever be active is a caller's mistake
MASS_SENDS_A_MONTH = 4  # WeChat: a 服务号 follower gets at most 4 mass messages a month
TAPS_AT_ONCE = 3  # the mini-program asks for policy notices at most this many times in one go


class UnknownTopics(DomainError):
    """A topic id that is not an active topic: named, nothing changed."""

    status = 422


# Finding the person
def subscriber_of(openid=None, miniapp_openid=None):
    """The person's subscriber row, or None. Their registration links the two ids, so a choice made
    on either side is found from the other (and two rows made before the link become one)."""
    openid, miniapp_openid = _linked_ids(openid, miniapp_openid)
    conditions = [
        column == value
        for column, value in (
            (PolicySubscriber.openid, openid),
            (PolicySubscriber.miniapp_openid, miniapp_openid),
        )
        if value
    ]
    if not conditions:
        return None
    rows = db.session.execute(select(PolicySubscriber).where(or_(*conditions))).scalars().all()
    if not rows:
        return None
    kept = max(rows, key=lambda row: (row.updated_at, row.id))
    if len(rows) > 1:  # taps given on either side are the person's: WeChat counts them per person
        kept.notice_taps = sum(row.notice_taps for row in rows)
    for row in rows:
        if row is not kept:
            db.session.delete(row)
    db.session.flush()
    follower_changed = len(rows) > 1 or (openid and kept.openid != openid)
    kept.openid, kept.miniapp_openid = openid or kept.openid, miniapp_openid or kept.miniapp_openid
    db.session.flush()
    if follower_changed:  # the follower's topics are now this choice: their tags follow
        ask_tag_sync(kept.openid)
    return kept


def _linked_ids(openid, miniapp_openid):
    """Both ids of the person, the missing one taken from the registration that links them."""
    if openid and miniapp_openid:
        return openid, miniapp_openid
    column, value = (Veteran.openid, openid) if openid else (Veteran.miniapp_openid, miniapp_openid)
    if not value:
        return openid, miniapp_openid
    linked = db.session.execute(select(Veteran.openid, Veteran.miniapp_openid).where(column == value)).first()
    if linked is None:
        return openid, miniapp_openid
    return openid or linked.openid, miniapp_openid or linked.miniapp_openid


def _own(openid, miniapp_openid):
    subscriber = subscriber_of(openid, miniapp_openid)
    if subscriber is None:
        openid, miniapp_openid = _linked_ids(openid, miniapp_openid)
        subscriber = PolicySubscriber(openid=openid, miniapp_openid=miniapp_openid)
        db.session.add(subscriber)
    return subscriber


# Reading
def active_topics():
    return (
        db.session.execute(select(PolicyTopic).filter_by(active=True).order_by(PolicyTopic.sort))
        .scalars()
        .all()
    )


def subscribed_topic_ids(openid=None, miniapp_openid=None):
    """The active topics the person gets, as ids in the topics' order (none before any choice)."""
    subscriber = subscriber_of(openid, miniapp_openid)
    return [t.id for t in subscriber.topics if t.active] if subscriber else []


# Changing
def set_subscriptions(topic_ids, openid=None, miniapp_openid=None):
    """The person gets exactly these topics (active ones; an empty list: 取消全部)."""
    topics = _active_topics_by_id(topic_ids)
    subscriber = _own(openid, miniapp_openid)
    subscriber.topics = topics
    _changed(subscriber)
    return subscriber


def toggle_subscription(topic_id, openid=None, miniapp_openid=None):
    """Turn one topic on or off; True if it is now on."""
    (topic,) = _active_topics_by_id([topic_id])
    subscriber = _own(openid, miniapp_openid)
    on = topic not in subscriber.topics
    (subscriber.topics.append if on else subscriber.topics.remove)(topic)
    _changed(subscriber)
    return on


def unsubscribe_all(openid=None, miniapp_openid=None):
    """退订 everything; the choice is kept, so registration's defaults never come back over it."""
    return set_subscriptions([], openid, miniapp_openid)


def grant_notice_taps(count, openid=None, miniapp_openid=None):
    """The mini-program reports `count` taps of 允许 on the policy notice (政策更新提醒): each lets one
    push reach the person as a subscribe message. Added in SQL, so a push taking one at the same
    moment loses nothing."""
    subscriber = _own(openid, miniapp_openid)
    db.session.flush()
    if count > 0:
        db.session.execute(
            update(PolicySubscriber)
            .where(PolicySubscriber.id == subscriber.id)
            .values(notice_taps=PolicySubscriber.notice_taps + count)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(subscriber, ["notice_taps"])
    return subscriber


def notice_taps_left(openid=None, miniapp_openid=None):
    """How many policy notices the person can still get as subscribe messages (0 before any tap)."""
    subscriber = subscriber_of(openid, miniapp_openid)
    return subscriber.notice_taps if subscriber else 0


def _active_topics_by_id(topic_ids):
    wanted = list(dict.fromkeys(topic_ids))
    if len(wanted) > MAX_TOPICS:
        raise UnknownTopics(texts.TOO_MANY_TOPICS.format(limit=MAX_TOPICS), field="topic_ids")
    found = {t.id: t for t in active_topics() if t.id in set(wanted)}
    unknown = [str(i) for i in wanted if i not in found]
    if unknown:
        message = texts.TOPICS_UNKNOWN.format(ids=texts.LIST_JOINER.join(unknown))
        raise UnknownTopics(message, field="topic_ids")
    return [found[i] for i in sorted(wanted, key=lambda i: (found[i].sort, i))]


def _changed(subscriber):
    subscriber.updated_at = utcnow()  # the topics changed, not the row: the latest choice wins a merge
    db.session.flush()
    ask_tag_sync(subscriber.openid)


def ask_tag_sync(openid):
    """After this commit, bring the follower's WeChat tags in step (nothing for a non-follower)."""
    if not openid:
        return
    follower_id = db.session.scalar(select(Follower.id).filter_by(openid=openid))
    if follower_id is not None:
        after_commit(db.session, TAG_SYNC_JOB, follower_id)


# Registration's defaults
def apply_default_topics(veteran):
    """At registration: the person's category's default topics, unless they already chose; and
    the follower's tags (category, county) brought in step."""
    ask_tag_sync(veteran.openid)
    if veteran.category_id is None or subscriber_of(veteran.openid, veteran.miniapp_openid) is not None:
        return None
    defaults = [t for t in default_topics(veteran.category_id) if t.active]
    subscriber = _own(veteran.openid, veteran.miniapp_openid)
    subscriber.topics = defaults
    db.session.flush()
    return subscriber


def default_topics(category_id):
    query = (
        select(PolicyTopic)
        .join(policy_default_topic, policy_default_topic.c.topic_id == PolicyTopic.id)
        .where(policy_default_topic.c.category_id == category_id)
        .order_by(PolicyTopic.sort)
    )
    return db.session.execute(query).scalars().all()


def default_topic_ids_by_category():
    """category id -> the set of its default topic ids (for the console's table)."""
    rows = db.session.execute(select(policy_default_topic.c.category_id, policy_default_topic.c.topic_id))
    defaults = {}
    for category_id, topic_id in rows:
        defaults.setdefault(category_id, set()).add(topic_id)
    return defaults


def set_default_topics(category, topic_ids, actor):
    """An administrator sets the topics people of `category` get when they register."""
    topics = _active_topics_by_id(topic_ids)
    table = policy_default_topic
    db.session.execute(table.delete().where(table.c.category_id == category.id))
    if topics:
        db.session.execute(table.insert(), [{"category_id": category.id, "topic_id": t.id} for t in topics])
    audit.record(actor, "policy_topic.defaults", category, topics=[t.name for t in topics])
    db.session.flush()


def categories_for_defaults():
    query = select(VeteranCategory).filter_by(active=True).order_by(VeteranCategory.sort)
    return db.session.execute(query).scalars().all()


# Unfollowing
def forget_follower_subscriptions(openid):
    """Unfollowed: the openid goes; a person who also uses the mini-program keeps their choice there."""
    subscriber = db.session.execute(select(PolicySubscriber).filter_by(openid=openid)).scalar_one_or_none()
    if subscriber is None:
        return
    if subscriber.miniapp_openid:
        subscriber.openid = None
    else:
        db.session.delete(subscriber)
    db.session.flush()
