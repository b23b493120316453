"""The audit log: logins, failed logins, every change made in the console, every unmasked view."""

import logging
from dataclasses import dataclass
from datetime import datetime, time

from redis.exceptions import RedisError
from sqlalchemy import select

from models import AuditEntry, db
from models.types import utcnow
from server.extensions import redis_client
from server.operations.core import texts
from server.operations.core.scope import in_scope
from server.timezone import LOCAL, local_date

log = logging.getLogger(__name__)
ONCE_A_DAY_KEY_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff member (with their address) or the system (a CLI command, a job)."""

    staff_id: int | None
    name: str
    ip: str | None = None

    @classmethod
    def of(cls, staff, ip=None):
        """Named as the console shows staff: 李办事（工作人员）; `staff_id` tells people apart."""
        return cls(staff.id, texts.STAFF_ACTOR.format(name=staff.name, role=staff.role_name), ip)

    @classmethod
    def system(cls, what):
        return cls(None, what)

    @classmethod
    def person(cls, name):
        """The veteran themself, on WeChat or the mini-program."""
        return cls(None, (name or texts.PERSON) + texts.PERSON_MARK)

    @property
    def is_person(self):
        return self.staff_id is None and self.name.endswith(texts.PERSON_MARK)


def record(actor, action, target=None, station_id=None, **detail):
    """Append one entry. `target` is a model row (its class and id are kept), or None."""
    entry = AuditEntry(
        actor_id=actor.staff_id,
        actor_name=actor.name[:64],
        action=action,
        target_type=target.__tablename__ if target is not None else None,
        target_id=str(target.id) if target is not None else None,
        station_id=station_id if station_id is not None else getattr(target, "station_id", None),
        detail=detail,
        ip=actor.ip,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_once_a_day(actor, action, target, **detail):
    """Record `action` on `target` unless `actor` did so already this (Asia/Shanghai) day; returns the
    entry or None. Looking at a request's photos, or a caller's phone, is one entry a day, however
    many thumbnails load at once: a Redis key lets the first of them through, the log is the record."""
    day = local_date(utcnow())
    key = f"audit-once:{actor.staff_id}:{action}:{target.__tablename__}:{target.id}:{day.isoformat()}"
    try:
        if not redis_client().set(key, 1, nx=True, ex=ONCE_A_DAY_KEY_SECONDS):
            return None
    except RedisError as error:  # better twice in the log than not at all
        log.warning("audit once-a-day key not set (%s); recording anyway", error)
    since = datetime.combine(day, time.min, LOCAL)
    seen = select(AuditEntry.id).where(
        AuditEntry.actor_id == actor.staff_id,
        AuditEntry.action == action,
        AuditEntry.target_type == target.__tablename__,
        AuditEntry.target_id == str(target.id),
        AuditEntry.at >= since,
    )
    if db.session.scalar(seen.limit(1)) is not None:
        return None
    return record(actor, action, target, **detail)


def search_audit(staff, actor=None, action=None, target_type=None, target_id=None, since=None, until=None):
    """A select of entries in `staff`'s scope, newest first. Entries tied to no station (a CLI
    command, a failed login for an unknown name) are seen only at the top of the tree."""
    visible = in_scope(AuditEntry, staff)
    if staff.station.parent_id is None:
        visible = visible | AuditEntry.station_id.is_(None)
    statement = select(AuditEntry).where(visible)
    if actor:
        statement = statement.where(AuditEntry.actor_name.contains(actor, autoescape=True))
    if action:
        statement = statement.where(AuditEntry.action.startswith(action, autoescape=True))
    if target_type:
        statement = statement.where(AuditEntry.target_type == target_type)
    if target_id:
        statement = statement.where(AuditEntry.target_id == target_id)
    if since:
        statement = statement.where(AuditEntry.at >= since)
    if until:
        statement = statement.where(AuditEntry.at < until)
    return statement.order_by(AuditEntry.id.desc())
