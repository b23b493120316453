from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.types import BigId, UTCDateTime, utcnow

LEVELS = ("city", "county", "township", "village")
LEVEL_NAMES = {"city": "市中心", "county": "县区中心", "township": "乡镇街道站", "village": "村社区站"}


def path_ids(path):
    """The station ids of a materialized path, from the top: "/1/4/17/" → [1, 4, 17]."""
    return [int(part) for part in path.strip("/").split("/") if part]


class Station(db.Model):
    """A node of the service network. `path` ("/1/4/17/") makes a subtree one prefix query."""

    __tablename__ = "station"
    __table_args__ = (Index("ix_station_path", "path", postgresql_ops={"path": "text_pattern_ops"}),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    path: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(32))
    hours: Mapped[str | None] = mapped_column(String(100))  # "08:30-12:00,14:00-17:30" on working days
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    qr_ticket: Mapped[str | None] = mapped_column(String(255))
    qr_url: Mapped[str | None] = mapped_column(String(255))  # what the permanent QR code encodes
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped["Station | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Station"]] = relationship(back_populates="parent", order_by="Station.code")
    closures: Mapped[list["StationClosure"]] = relationship(
        back_populates="station", order_by="StationClosure.starts_on", cascade="all, delete-orphan"
    )

    @property
    def level_name(self):
        return LEVEL_NAMES[self.level]

    @property
    def scene(self):
        return f"st:{self.code}"

    def contains(self, other):
        """True if `other` is this station or below it."""
        return other.path.startswith(self.path)


class StationClosure(db.Model):
    """A local closure (renovation, a local holiday...) on top of China's working calendar."""

    __tablename__ = "station_closure"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)

    station: Mapped[Station] = relationship(back_populates="closures")


class CalendarDay(db.Model):
    """An admin-entered day of a year chinese-calendar does not cover yet (a holiday or a 调休 workday)."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(50))
