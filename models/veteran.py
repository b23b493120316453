from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.station import Station
from models.types import BigId, EncryptedText, UTCDateTime, utcnow

STATES = ("draft", "submitted", "approved", "returned")
STATE_NAMES = {"draft": "草稿", "submitted": "待审核", "approved": "已通过", "returned": "退回"}
SOURCES = ("chat", "miniapp", "walkin", "import")
SOURCE_NAMES = {"chat": "公众号", "miniapp": "小程序", "walkin": "现场", "import": "台账导入"}


class VeteranCategory(db.Model):
    """退役士兵, 转业军官, 烈士遗属... a table staff can extend."""

    __tablename__ = "veteran_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    sort: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)
    served: Mapped[bool] = mapped_column(default=True)  # False for family members: no service dates asked


class Veteran(db.Model):
    """A registered veteran or entitled person (建档立卡): the record every later feature keys on.

    The ID number, mobile and addresses are encrypted at rest; `id_hash` (a keyed hash) finds and
    keeps unique the ID number, `mobile_tail` (last four digits) lets staff search a masked phone.
    """

    __tablename__ = "veteran"
    __table_args__ = (
        # The registry's lists and counts (station subtree or name prefix, state, category, newest
        # first) read these alone, never the wide encrypted rows (migration 0004).
        Index("ix_veteran_listing_station", "station_id", "state", "category_id", "id"),
        Index(
            "ix_veteran_listing_name",
            *("name", "station_id", "state", "category_id", "id"),
            postgresql_ops={"name": "text_pattern_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    source: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(EncryptedText)
    id_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))  # "M" or "F", from the ID number
    mobile: Mapped[str | None] = mapped_column(EncryptedText)
    mobile_tail: Mapped[str | None] = mapped_column(String(4), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("veteran_category.id"), index=True)
    branch: Mapped[str | None] = mapped_column(String(32))
    enlisted_on: Mapped[date | None] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date)
    hukou_address: Mapped[str | None] = mapped_column(EncryptedText)
    residence_address: Mapped[str | None] = mapped_column(EncryptedText)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    consent_version: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    miniapp_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    deletion_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deletion_due_on: Mapped[date | None] = mapped_column(Date)  # set when the station confirms
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # ledger file + row identity
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    station: Mapped[Station | None] = relationship()
    category: Mapped[VeteranCategory | None] = relationship()

    @property
    def state_name(self):
        return STATE_NAMES[self.state]


class ImportMapping(db.Model):
    """The column mapping a station used for its ledger, offered again next time."""

    __tablename__ = "import_mapping"

    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    mapping: Mapped[dict] = mapped_column(db.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
