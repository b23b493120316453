from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import BigId, UTCDateTime, utcnow


class AuditEntry(db.Model):
    """Who did what, when, to which record. Append-only: the app can add rows, never change them.

    `detail` never holds personal data in clear (an unmasked view records which field was seen).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(45))


class AuditIsAppendOnly(Exception):
    pass


def _refuse_audit_changes(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditIsAppendOnly("audit log rows cannot be changed or deleted")


def _refuse_bulk_audit_changes(state):
    if (state.is_update or state.is_delete) and any(
        getattr(m, "class_", None) is AuditEntry for m in state.all_mappers
    ):
        raise AuditIsAppendOnly("audit log rows cannot be changed or deleted")


# Installed on the app's session by the app factory (server/__init__.py).
LISTENERS = (("before_flush", _refuse_audit_changes), ("do_orm_execute", _refuse_bulk_audit_changes))
