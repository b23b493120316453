from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import BigId, EncryptedText, UTCDateTime, utcnow

# sending: claimed by a worker for its call to WeChat; unconfirmed: WeChat took the call but did not
# answer in time (or the worker died during it), so it may have been delivered
STATES = ("pending", "sending", "sent", "fallback_sent", "failed", "unconfirmed")


class Notification(db.Model):
    """A message to one person on WeChat, kept until it is delivered: a customer-service message
    inside the 48-hour window, else the template fallback. Saved first, sent by a job, retried
    while WeChat is down; its state (and WeChat's errcode) is what staff see."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    # A person who uses only the mini-program: a subscribe message, sent only on a tap they gave
    miniapp_openid: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(EncryptedText)
    template_key: Mapped[str | None] = mapped_column(String(32))
    template_data: Mapped[str | None] = mapped_column(EncryptedText)  # JSON of keyword -> value
    template_page: Mapped[str | None] = mapped_column(String(255))  # the mini-program page it opens
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(16), default="pending")
    channel: Mapped[str | None] = mapped_column(String(16))  # "custom" or "template"
    errcode: Mapped[int | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
