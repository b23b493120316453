"""政策专题: the topics administrators keep at the network's top (retired, never deleted)."""

from sqlalchemy import func, select

from models import PolicyTopic, db
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.policies import texts


def add_topic(name, actor):
    """A new topic, listed after the others."""
    name = (name or "").strip()
    if not 2 <= len(name) <= 32:
        raise DomainError(texts.TOPIC_NAME_LENGTH, field="name")
    if db.session.execute(select(PolicyTopic.id).filter_by(name=name)).first():
        raise DomainError(texts.TOPIC_TAKEN.format(name=name), field="name")
    last = db.session.scalar(select(func.max(PolicyTopic.sort))) or 0
    topic = PolicyTopic(name=name, sort=last + 10, active=True)
    db.session.add(topic)
    db.session.flush()
    audit.record(actor, "policy_topic.add", topic, name=name)
    return topic


def set_topic_active(topic, active, actor):
    """Retire a topic (articles keep it) or bring it back."""
    topic.active = active
    audit.record(actor, "policy_topic.enable" if active else "policy_topic.disable", topic)
    return topic


def all_topics():
    return db.session.execute(select(PolicyTopic).order_by(PolicyTopic.sort)).scalars().all()
