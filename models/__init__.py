"""SQLAlchemy models. `db` lives here so models never import the application."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

from models.appointment import Booking, IdempotentResponse, Schedule, Service, SlotTally  # noqa: E402
from models.audit import AuditEntry  # noqa: E402
from models.follower import Follower  # noqa: E402
from models.inbound_message import InboundMessage  # noqa: E402
from models.miniapp import MiniappSession  # noqa: E402
from models.notification import Notification  # noqa: E402
from models.original_text import OriginalText  # noqa: E402
from models.policy import PolicyArticle, PolicyAttachment, PolicyTopic  # noqa: E402
from models.push import Push, PushBatch, PushRecipient  # noqa: E402
from models.request import (  # noqa: E402
    Attachment,
    AttachmentContent,
    CannedAnswer,
    RequestCategory,
    RequestCounter,
    RequestEvent,
    RequestLink,
    ServiceRequest,
    StaffNotice,
)
from models.request_tally import RequestDayTally  # noqa: E402
from models.staff import Staff  # noqa: E402
from models.station import CalendarDay, Station, StationClosure  # noqa: E402
from models.station_event import EventSignup, StationEvent  # noqa: E402
from models.subscription import PolicySubscriber  # noqa: E402
from models.veteran import ImportMapping, Veteran, VeteranCategory  # noqa: E402
from models.wechat_tag import FollowerTag, WechatTag  # noqa: E402

__all__ = [
    "db",
    "Booking",
    "IdempotentResponse",
    "Schedule",
    "Service",
    "SlotTally",
    "EventSignup",
    "StationEvent",
    "Attachment",
    "AttachmentContent",
    "AuditEntry",
    "CannedAnswer",
    "CalendarDay",
    "Follower",
    "FollowerTag",
    "ImportMapping",
    "InboundMessage",
    "MiniappSession",
    "Notification",
    "OriginalText",
    "PolicyArticle",
    "PolicyAttachment",
    "PolicySubscriber",
    "PolicyTopic",
    "Push",
    "PushBatch",
    "PushRecipient",
    "RequestCategory",
    "RequestCounter",
    "RequestDayTally",
    "RequestEvent",
    "RequestLink",
    "ServiceRequest",
    "Staff",
    "StaffNotice",
    "Station",
    "StationClosure",
    "Veteran",
    "VeteranCategory",
    "WechatTag",
]
