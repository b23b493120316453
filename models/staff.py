from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.station import Station
from models.types import BigId, EncryptedText, UTCDateTime, utcnow

ROLES = ("clerk", "head", "supervisor", "broadcaster", "admin")
ROLE_NAMES = {
    "clerk": "工作人员",
    "head": "站长",
    "supervisor": "负责人",
    "broadcaster": "宣传员",
    "admin": "管理员",
}


class Staff(UserMixin, db.Model):
    """A person who logs into the console. Sees and changes only their station's subtree."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(default=1)  # bumped to end every open session
    away: Mapped[bool] = mapped_column(default=False)  # on leave: no new requests assigned
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)  # bound WeChat, for 督办 notices
    bind_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    bind_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    station: Mapped[Station] = relationship()

    @property
    def role_name(self):
        return ROLE_NAMES[self.role]

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"{self.id}:{self.session_version}"
