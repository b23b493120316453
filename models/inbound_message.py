from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import BigId, EncryptedText, UTCDateTime, utcnow


class InboundMessage(db.Model):
    """Every message and event WeChat delivered, with the reply that went out.

    The unique `dedupe_key` is what makes delivery exactly-once: a retry of the same message
    collides with the first attempt's row, durably, across workers and restarts.
    """

    __tablename__ = "inbound_message"
    __table_args__ = (Index("ix_inbound_message_openid_received_at", "openid", "received_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    openid: Mapped[str | None] = mapped_column(String(64))
    msg_type: Mapped[str] = mapped_column(String(32))
    event: Mapped[str | None] = mapped_column(String(64))
    event_key: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    body: Mapped[str | None] = mapped_column(EncryptedText)
    reply: Mapped[str | None] = mapped_column(EncryptedText)  # the passive reply body, as sent
    followup: Mapped[str | None] = mapped_column(EncryptedText)  # a slow handler's later answer
    status: Mapped[str] = mapped_column(String(16), default="received")
    handler: Mapped[str | None] = mapped_column(String(128))

    # unconfirmed: a slow handler's answer WeChat took without answering in time (never sent twice)
    STATUSES = ("received", "replied", "deferred", "sending", "failed", "unconfirmed")
