"""Requests (诉求) and their timeline: the station's ticket store.

A request is owned by a station, follows one of two tracks (信访 petitions under the 2022 信访工作条例,
or service requests with per-category deadlines) and keeps every change as an append-only event.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, event, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.staff import Staff
from models.station import Station
from models.types import BigId, EncryptedBytes, UTCDateTime, utcnow
from models.veteran import Veteran

TRACKS = ("service", "petition")
TRACK_NAMES = {"service": "服务诉求", "petition": "信访事项"}
STATE_NAMES = {
    # service requests
    "pending": "待处理",
    "processing": "处理中",
    "waiting": "待确认",
    "resolved": "已办结",
    "closed": "已关闭",
    # petitions
    "registered": "已登记",
    "accepted": "已受理",
    "rejected": "不予受理",
    "concluded": "已办结",
    "reviewing": "复查复核中",
    "final": "已终结",
    # both
    "withdrawn": "已撤回",
    "merged": "已合并",
}
OPEN_STATES = ("pending", "processing", "waiting", "registered", "accepted", "reviewing")
CHANNELS = ("chat", "miniapp", "phone", "walkin", "letter")
CHANNEL_NAMES = {"chat": "公众号", "miniapp": "小程序", "phone": "电话", "walkin": "来访", "letter": "来信"}
PRIORITY_NAMES = {"normal": "普通", "urgent": "紧急"}
RATINGS = {"satisfied": "满意", "fair": "基本满意", "unsatisfied": "不满意"}
EVENT_KINDS = (
    "filed", "message", "reply", "note", "state", "assign", "pass_up", "pass_down", "escalate",
    "warn", "merge", "link", "rating", "followup", "extend", "attachment", "priority",
)  # fmt: skip


def state_name(state, review_round=0):
    """The state in words; a petition under review says whether it is the 复查 or the 复核."""
    if state == "reviewing":
        return "复核中" if review_round == 2 else "复查中"
    return STATE_NAMES[state]


class RequestCategory(db.Model):
    """困难帮扶, 就业创业, 信访/投诉...: a table staff can extend. Each has its track, its deadlines in
    working days and where it is routed (`route_level`: the person's station, or the ancestor at
    that level, e.g. petitions to the county)."""

    __tablename__ = "request_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    track: Mapped[str] = mapped_column(String(16), default="service")
    first_response_days: Mapped[int] = mapped_column(default=2)
    resolution_days: Mapped[int] = mapped_column(default=10)
    route_level: Mapped[str | None] = mapped_column(String(16))
    sort: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)


def _where(condition):
    """A partial index's condition, on both databases."""
    return {"postgresql_where": text(condition), "sqlite_where": text(condition)}


class ServiceRequest(db.Model):
    """One request: who filed it, where it stands, who has it and when it is due.

    Deadlines are dates on the working calendar (due by the end of that day, Asia/Shanghai):
    `respond_due_on` for the first public answer, `due_on` for the step the track is on (acceptance,
    resolution, review). Waiting on the person pauses both (`paused_on`).
    """

    __tablename__ = "service_request"
    __table_args__ = (
        # The queue: a scope's stations, newest first; its filters and views are read from the index
        # alone (INCLUDE), so counting "10000+" of a county never visits the table.
        Index(
            "ix_service_request_queue",
            "station_id",
            "state",
            "id",
            postgresql_include=[
                "category_id",
                "track",
                "channel",
                "assignee_id",
                "escalation_level",
                "due_on",
                "respond_due_on",
                "paused_on",
            ],
        ),
        # The open requests alone (a few percent of the table), by station: the queue's views of open
        # requests and their counts read only this, one descent per station of the scope.
        Index(
            "ix_service_request_open",
            "station_id",
            "id",
            postgresql_include=[
                "assignee_id",
                "category_id",
                "track",
                "channel",
                "escalation_level",
                "due_on",
                "respond_due_on",
                "paused_on",
            ],
            **_where(f"state IN ({', '.join(repr(state) for state in OPEN_STATES)})"),
        ),
        Index("ix_service_request_assignee", "assignee_id", "state"),
        Index("ix_service_request_due", "state", "due_on"),
        Index("ix_service_request_person", "veteran_id", "category_id", "created_at"),
        Index("ix_service_request_merged", "merged_into_id", **_where("merged_into_id IS NOT NULL")),
        # The dashboard's repeat-request rate (request_stats): a period's people read from the index
        # alone on PostgreSQL (INCLUDE), at a million requests. Its other figures are tallied by day.
        Index(
            "ix_service_request_created_at",
            "created_at",
            postgresql_include=["station_id", "veteran_id", "openid", "miniapp_openid"],
        ),
        # Full-text search over title and content: trigrams work for Chinese without a tokenizer.
        Index(
            "ix_service_request_text",
            "title",
            "content",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops", "content": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    veteran_id: Mapped[int | None] = mapped_column(ForeignKey("veteran.id"))
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    miniapp_openid: Mapped[str | None] = mapped_column(String(64), index=True)
    person_name: Mapped[str | None] = mapped_column(String(40))
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("request_category.id"))
    track: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    respond_due_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    paused_on: Mapped[date | None] = mapped_column(Date)
    warned_for: Mapped[date | None] = mapped_column(Date)  # the due date a warning went out for
    escalation_level: Mapped[int] = mapped_column(default=0)  # levels climbed by 督办
    escalated_until: Mapped[date | None] = mapped_column(Date)  # still late after this: climb again
    extended: Mapped[bool] = mapped_column(default=False)
    review_round: Mapped[int] = mapped_column(default=0)  # 1 复查, 2 复核
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_days: Mapped[int | None]  # working days from filing to the first answer, as then counted
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_days: Mapped[int | None]  # working days from filing to the resolution, as then counted
    resolved_due_on: Mapped[date | None] = mapped_column(Date)  # the deadline it was resolved against
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[str | None] = mapped_column(String(16))
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # indexed above
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    station: Mapped[Station] = relationship()
    category: Mapped[RequestCategory] = relationship()
    veteran: Mapped[Veteran | None] = relationship()
    assignee: Mapped[Staff | None] = relationship(foreign_keys=[assignee_id])

    @property
    def state_name(self):
        return state_name(self.state, self.review_round)

    @property
    def track_name(self):
        return TRACK_NAMES[self.track]

    @property
    def channel_name(self):
        return CHANNEL_NAMES[self.channel]

    @property
    def is_open(self):
        return self.state in OPEN_STATES


class RequestEvent(db.Model):
    """One entry of a request's timeline. `public` entries are what the person sees. Append-only:
    the ORM refuses to change or delete one."""

    __tablename__ = "request_event"
    __table_args__ = (
        Index("ix_request_event_request", "request_id", "id"),
        Index("ix_request_event_actor", "actor_id", "request_id"),  # what a staff member worked on
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    kind: Mapped[str] = mapped_column(String(16))
    public: Mapped[bool] = mapped_column(default=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Words of two characters, most Chinese words, have no trigram: a GIN index over each request's
# character pairs (request_bigrams, an SQL function of migration 0005, PostgreSQL only) finds them.
SEARCH_BIGRAMS = func.request_bigrams(ServiceRequest.title, ServiceRequest.content, type_=ARRAY(Text))
Index("ix_service_request_bigrams", SEARCH_BIGRAMS, postgresql_using="gin")


@event.listens_for(RequestEvent, "before_update")
@event.listens_for(RequestEvent, "before_delete")
def _refuse_to_rewrite_history(mapper, connection, target):
    raise ValueError("request events are append-only")


class RequestCounter(db.Model):
    """The last request number given out in a year (numbers read 2026-0001234)."""

    __tablename__ = "request_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Attachment(db.Model):
    """A photo, voice message or file sent with a request. From chat it is fetched from WeChat by a
    job (`pending` until then); from the mini-program it is uploaded. Checked by its bytes, not its
    name: `stored`, or `refused` (type or size) or `failed` (WeChat would not give it) with the reason."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # image, voice, file
    media_id: Mapped[str | None] = mapped_column(String(128))
    content_type: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttachmentContent(db.Model):
    """An attachment's bytes, encrypted with DATA_KEY (a photo may show an ID card or a diagnosis).
    Kept apart so listing attachments never reads them."""

    __tablename__ = "attachment_content"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(EncryptedBytes)


class RequestLink(db.Model):
    """Two requests staff linked as related (merges are recorded on the request itself)."""

    __tablename__ = "request_link"

    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), primary_key=True)


class CannedAnswer(db.Model):
    """A reusable answer with placeholders ({姓名} {编号} {站点}), for a station's subtree or the network."""

    __tablename__ = "canned_answer"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    title: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffNotice(db.Model):
    """A notice for one staff member in the console (督办, a warning, an assignment)."""

    __tablename__ = "staff_notice"
    __table_args__ = (Index("ix_staff_notice_unread", "staff_id", "read_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
