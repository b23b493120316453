"""The policy library (政策库): articles broadcasters write and publish, their topics and PDF files."""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, LargeBinary, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.station import Station
from models.types import BigId, UTCDateTime, utcnow
from models.veteran import VeteranCategory

STATES = ("draft", "published")

policy_article_topic = Table(
    "policy_article_topic",
    db.metadata,
    Column("article_id", BigId, ForeignKey("policy_article.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("policy_topic.id"), primary_key=True),
)

policy_article_category = Table(
    "policy_article_category",
    db.metadata,
    Column("article_id", BigId, ForeignKey("policy_article.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", Integer, ForeignKey("veteran_category.id"), primary_key=True),
)


class PolicyTopic(db.Model):
    """就业创业, 优抚待遇, 优待证...: the topics administrators keep (retired, never deleted)."""

    __tablename__ = "policy_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    sort: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)


class PolicyArticle(db.Model):
    """A policy as the library shows it. `station_id` None: for the whole network; otherwise for
    that station's subtree. No categories: for everyone. `body_html` is stored sanitized."""

    __tablename__ = "policy_article"
    __table_args__ = (
        Index("ix_policy_article_listing", "state", "published_on", "id"),
        Index("ix_policy_article_search", "search_vector", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    doc_number: Mapped[str | None] = mapped_column(String(100))  # 文号
    issuer: Mapped[str] = mapped_column(String(100))  # 发文机关
    published_on: Mapped[date] = mapped_column(Date)  # 发文日期
    effective_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)  # the last day it is in force
    summary: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    # Its words as search finds them (server/operations/policies/words.py), kept in step on save.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # On PostgreSQL, those words weighed by where they stand (title and topics A, summary B, body C),
    # set from search_text by a trigger of migration 0015_q; never written here, empty on SQLite.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR().with_variant(Text(), "sqlite"), deferred=True
    )
    state: Mapped[str] = mapped_column(String(16), default="draft")
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    station: Mapped[Station | None] = relationship()
    topics: Mapped[list[PolicyTopic]] = relationship(
        secondary=policy_article_topic, order_by=PolicyTopic.sort
    )
    categories: Mapped[list[VeteranCategory]] = relationship(
        secondary=policy_article_category, order_by=VeteranCategory.sort
    )
    attachments: Mapped[list["PolicyAttachment"]] = relationship(
        back_populates="article", order_by="PolicyAttachment.id", cascade="all, delete-orphan"
    )

    def expired(self, today):
        return self.expires_on is not None and self.expires_on < today

    def in_force(self, today):
        return self.state == "published" and not self.expired(today)


class PolicyAttachment(db.Model):
    """A PDF of an article (the document as issued). Its bytes load only when it is downloaded."""

    __tablename__ = "policy_attachment"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("policy_article.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[PolicyArticle] = relationship(back_populates="attachments")
