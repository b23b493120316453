"""Policy pushes (政策推送): a mass send to followers, its batches and who each batch went to."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.policy import PolicyArticle
from models.staff import Staff
from models.types import BigId, UTCDateTime, utcnow

STATES = ("draft", "awaiting_approval", "scheduled", "sending", "sent", "cancelled", "failed")
CANCELLABLE = ("draft", "awaiting_approval", "scheduled")
BATCH_STATES = ("pending", "sending", "sent", "failed")


class Push(db.Model):
    """A push of an article (mpnews) or a short text to an audience: `audience` holds
    {"all": bool, "station_ids": [...], "category_ids": [...], "topic_ids": [...]} (AND between
    kinds, OR within one). `left_out` maps a reason to how many were left out for it. `form_token`
    is the compose form's one-time token: a second submission of the same form makes nothing."""

    __tablename__ = "push"
    __table_args__ = (Index("ix_push_state_send_at", "state", "send_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("policy_article.id"))
    text: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: as soon as it may go
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)  # the composer's
    form_token: Mapped[str] = mapped_column(String(64), unique=True)
    composed_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    link: Mapped[str | None] = mapped_column(String(500))  # the article's public page: 阅读原文
    media_id: Mapped[str | None] = mapped_column(String(128))  # the uploaded news, for every batch
    targeted: Mapped[int] = mapped_column(default=0)
    sent: Mapped[int] = mapped_column(default=0)
    filtered: Mapped[int] = mapped_column(default=0)  # WeChat's filtering, from MASSSENDJOBFINISH
    failed: Mapped[int] = mapped_column(default=0)
    left_out: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    beat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a sending job's last sign of life
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    article: Mapped[PolicyArticle | None] = relationship()
    composed_by: Mapped[Staff] = relationship(foreign_keys=[composed_by_id])
    approved_by: Mapped[Staff | None] = relationship(foreign_keys=[approved_by_id])
    batches: Mapped[list["PushBatch"]] = relationship(back_populates="push", order_by="PushBatch.n")

    @property
    def left_out_total(self):
        return sum(self.left_out.values()) if self.left_out else 0


class PushBatch(db.Model):
    """One mass send of a push: to its recipients with `batch_n == n` (an openid list of 2-10,000),
    to a WeChat tag (`tag_id`) or to all followers (`to_all`). `clientmsgid` makes a retry after a
    crash no second send. The counts come from WeChat's MASSSENDJOBFINISH event for `msg_id`."""

    __tablename__ = "push_batch"
    __table_args__ = (UniqueConstraint("push_id", "n", name="uq_push_batch_push_id_n"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    push_id: Mapped[int] = mapped_column(ForeignKey("push.id"))
    n: Mapped[int]
    size: Mapped[int]
    to_all: Mapped[bool] = mapped_column(default=False)
    tag_id: Mapped[int | None]  # WeChat's tag: the audience is exactly one tag kept in step
    clientmsgid: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    msg_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    repeated: Mapped[bool] = mapped_column(default=False)  # WeChat had it already (45065): a resumed send
    total_count: Mapped[int | None]
    filter_count: Mapped[int | None]  # WeChat's meaning: left after its filtering
    sent_count: Mapped[int | None]
    error_count: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    push: Mapped[Push] = relationship(back_populates="batches")


class PushRecipient(db.Model):
    """A follower a push is for, in batch `batch_n`: the person's record of what they were sent,
    and what counts against WeChat's 4 mass messages a month."""

    __tablename__ = "push_recipient"
    __table_args__ = (Index("ix_push_recipient_push_batch", "push_id", "batch_n"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    push_id: Mapped[int] = mapped_column(ForeignKey("push.id"))
    batch_n: Mapped[int]
    openid: Mapped[str] = mapped_column(String(64), index=True)
    veteran_id: Mapped[int | None] = mapped_column(ForeignKey("veteran.id", ondelete="SET NULL"), index=True)
