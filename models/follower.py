from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.types import BigId, UTCDateTime, utcnow


class Follower(db.Model):
    """A WeChat user following the official account. Deleted when they unfollow.

    `unionid` is asked of WeChat once (`info_fetched_at`) after the follow or the first message; it
    is missing when the account and the mini-program are not bound to one open-platform account,
    and then `link_code` (6 digits, until `link_code_expires_at`, used once) links the two by hand.
    """

    __tablename__ = "follower"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64))
    nickname: Mapped[str | None] = mapped_column(String(64))
    scene: Mapped[str | None] = mapped_column(String(64))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id", ondelete="SET NULL"), index=True)
    subscribed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    info_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    link_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    station = relationship("Station")
