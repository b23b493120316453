"""Topic subscriptions (订阅推送): which policy topics a person wants pushed to them.

A person is a `PolicySubscriber`: an official-account follower (`openid`), a mini-program user
(`miniapp_openid`), or both once a registration links the two. The row's existence means their
choice is made (by them, or by their category's defaults when they registered): an empty topic
list then means "取消全部", and defaults are never put back over it.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.policy import PolicyTopic
from models.types import BigId, UTCDateTime, utcnow

policy_subscription = Table(
    "policy_subscription",
    db.metadata,
    Column("subscriber_id", BigId, ForeignKey("policy_subscriber.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("policy_topic.id"), primary_key=True, index=True),
)

# Per veteran category, the topics a person of that category is subscribed to when they register.
policy_default_topic = Table(
    "policy_default_topic",
    db.metadata,
    Column("category_id", Integer, ForeignKey("veteran_category.id"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("policy_topic.id"), primary_key=True),
)


class PolicySubscriber(db.Model):
    __tablename__ = "policy_subscriber"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    miniapp_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Policy notices WeChat lets us send as mini-program subscribe messages: one per tap of 允许
    notice_taps: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topics: Mapped[list[PolicyTopic]] = relationship(secondary=policy_subscription, order_by=PolicyTopic.sort)
