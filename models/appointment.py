"""Appointments (预约办事): the services stations offer, each station's schedule for them, the
booked count of each slot, and the bookings themselves.

Slots are computed from a schedule and the working calendar, never stored; only a slot somebody
booked (or staff closed) has a `SlotTally` row. Its `booked` count is what keeps a slot from being
overbooked: a booking adds one with a conditional UPDATE (`booked < desks`, and online also
`booked - held < desks - held_back`) that the database runs atomically, so concurrent bookings can
never take more places than there are.
"""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.station import Station
from models.types import BigId, EncryptedText, UTCDateTime, utcnow

REGISTRATION_NEEDS = ("none", "submitted", "approved")
BOOKING_STATES = ("booked", "checked_in", "done", "cancelled", "no_show")
BOOKING_STATE_NAMES = {
    "booked": "已预约",
    "checked_in": "已签到",
    "done": "已完成",
    "cancelled": "已取消",
    "no_show": "爽约",
}
ACTIVE_STATES = ("booked", "checked_in")  # one of these per person, service and day
CHANNELS = ("chat", "miniapp", "phone", "walkin")
CHANNEL_NAMES = {"chat": "公众号", "miniapp": "小程序", "phone": "电话", "walkin": "现场"}


class Service(db.Model):
    """A service (服务事项) stations offer at their desks, managed by administrators."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    minutes: Mapped[int] = mapped_column(default=30)  # how long it takes at the desk
    materials: Mapped[str] = mapped_column(Text, default="")  # 材料清单, one item a line
    levels: Mapped[list] = mapped_column(JSON, default=list)  # station levels that offer it
    registration_needed: Mapped[str] = mapped_column(String(16), default="none")
    online: Mapped[bool] = mapped_column(default=True)  # bookable on WeChat and the mini-program
    sort: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def material_list(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class Schedule(db.Model):
    """When a station offers a service: its hours (else the station's), slots, desks and windows."""

    __tablename__ = "schedule"
    __table_args__ = (
        UniqueConstraint("station_id", "service_id"),
        CheckConstraint("desks >= 1", name="desks"),
        CheckConstraint("held_back >= 0 AND held_back <= desks", name="held_back"),
        CheckConstraint("slot_minutes >= 5", name="slot_minutes"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    hours: Mapped[str | None] = mapped_column(String(100))  # "08:30-12:00,14:00-17:30"; None: the station's
    slot_minutes: Mapped[int] = mapped_column(default=30)
    desks: Mapped[int] = mapped_column(default=1)  # people served at once: the places of a slot
    held_back: Mapped[int] = mapped_column(default=0)  # places of each slot kept for walk-ins and phone
    notice_hours: Mapped[int | None]  # None: bookable from the next working day
    window_days: Mapped[int] = mapped_column(default=14)
    cutoff_hours: Mapped[int] = mapped_column(default=2)  # cancel or move until this long before
    active: Mapped[bool] = mapped_column(default=True)

    station: Mapped[Station] = relationship()
    service: Mapped[Service] = relationship()

    @property
    def online_places(self):
        return self.desks - self.held_back


class SlotTally(db.Model):
    """The places taken in one slot of a schedule; a slot nobody booked has no row."""

    __tablename__ = "slot_tally"
    __table_args__ = (CheckConstraint("held >= 0 AND held <= booked", name="booked"),)

    schedule_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("schedule.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    booked: Mapped[int] = mapped_column(default=0)  # every booking in the slot
    held: Mapped[int] = mapped_column(default=0)  # of those, bookings staff made in a held-back place
    closed: Mapped[bool] = mapped_column(default=False)
    closed_reason: Mapped[str | None] = mapped_column(Text)


class Booking(db.Model):
    """A person's appointment at a station's desk. `person_key` says who it is for across channels
    ("v:<veteran id>", "oa:<openid>", "mp:<mini-program openid>", "tel:<mobile hash>")."""

    __tablename__ = "booking"
    __table_args__ = (
        Index(
            "uq_booking_active_person_service_day",
            "person_key",
            "service_id",
            "day",
            unique=True,
            sqlite_where=db.text("state IN ('booked', 'checked_in')"),
            postgresql_where=db.text("state IN ('booked', 'checked_in')"),
        ),
        Index("ix_booking_station_day", "station_id", "day"),
        Index("ix_booking_person_state", "person_key", "state"),
        Index("ix_booking_due_reminder", "day", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_key: Mapped[str] = mapped_column(String(80))
    veteran_id: Mapped[int | None] = mapped_column(ForeignKey("veteran.id", ondelete="SET NULL"))
    openid: Mapped[str | None] = mapped_column(String(64))
    miniapp_openid: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(EncryptedText)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedule.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)  # the Asia/Shanghai date of starts_at
    state: Mapped[str] = mapped_column(String(16), default="booked")
    channel: Mapped[str] = mapped_column(String(16))
    held_place: Mapped[bool] = mapped_column(default=False)  # took a place kept for walk-ins and phone
    subscribed: Mapped[list] = mapped_column(JSON, default=list)  # subscribe-message taps left (keys)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by_staff: Mapped[bool] = mapped_column(default=False)
    moved_to_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # 已完成, 已取消 or 爽约
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    station: Mapped[Station] = relationship()
    service: Mapped[Service] = relationship()
    schedule: Mapped[Schedule] = relationship()

    @property
    def state_name(self):
        return BOOKING_STATE_NAMES[self.state]

    @property
    def channel_name(self):
        return CHANNEL_NAMES[self.channel]


class IdempotentResponse(db.Model):
    """The answer given to a request sent with an `Idempotency-Key`, returned again for a repeat.
    Written in the same transaction as what the request did, so a repeat finds both or neither."""

    __tablename__ = "idempotent_response"

    owner: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # method, path and body: a key reused for
    status: Mapped[int]  # another request is refused, not answered with the first one's response
    body: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
