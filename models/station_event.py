"""Station events (活动报名): a job fair, a training, a health check... with places, a sign-up
deadline, an audience, and a waiting list that moves up by itself.

`taken` counts the signed-up places; a sign-up adds one with a conditional UPDATE
(`taken < capacity`), so the database, not a read in Python, keeps the event from overfilling.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.station import Station
from models.types import BigId, EncryptedText, UTCDateTime, utcnow

KINDS = ("job_fair", "training", "health_check", "memorial", "policy_talk", "other")
KIND_NAMES = {
    "job_fair": "专场招聘会",
    "training": "技能培训",
    "health_check": "免费体检",
    "memorial": "集中祭扫",
    "policy_talk": "政策宣讲",
    "other": "其他活动",
}
SIGNUP_STATES = ("signed_up", "waitlisted", "attended", "cancelled", "no_show")
SIGNUP_STATE_NAMES = {
    "signed_up": "已报名",
    "waitlisted": "候补中",
    "attended": "已签到",
    "cancelled": "已取消",
    "no_show": "未到场",
}
HOLDING_STATES = ("signed_up", "waitlisted", "attended")  # one of these per person and event


class StationEvent(db.Model):
    __tablename__ = "station_event"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("taken >= 0 AND taken <= capacity", name="taken"),
        Index("ix_station_event_station_starts", "station_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(60))
    place: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signup_until: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)
    waitlist: Mapped[bool] = mapped_column(default=True)
    category_ids: Mapped[list] = mapped_column(JSON, default=list)  # empty: everyone in the subtree
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    station: Mapped[Station] = relationship()

    @property
    def kind_name(self):
        return KIND_NAMES[self.kind]

    @property
    def remaining(self):
        return self.capacity - self.taken


class EventSignup(db.Model):
    """A person's place (or place in line) at an event; `person_key` as on a booking."""

    __tablename__ = "event_signup"
    __table_args__ = (
        Index(
            "uq_event_signup_holding_person",
            "event_id",
            "person_key",
            unique=True,
            sqlite_where=db.text("state IN ('signed_up', 'waitlisted', 'attended')"),
            postgresql_where=db.text("state IN ('signed_up', 'waitlisted', 'attended')"),
        ),
        Index("ix_event_signup_event_state", "event_id", "state", "id"),
        Index("ix_event_signup_person", "person_key", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("station_event.id", ondelete="CASCADE"))
    person_key: Mapped[str] = mapped_column(String(80))
    veteran_id: Mapped[int | None] = mapped_column(ForeignKey("veteran.id", ondelete="SET NULL"))
    openid: Mapped[str | None] = mapped_column(String(64))
    miniapp_openid: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(40))
    mobile: Mapped[str | None] = mapped_column(EncryptedText)
    state: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    subscribed: Mapped[list] = mapped_column(JSON, default=list)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # moved up from the waiting list
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[StationEvent] = relationship()

    @property
    def state_name(self):
        return SIGNUP_STATE_NAMES[self.state]
