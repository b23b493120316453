"""Notices for staff: in the console, and on WeChat when they have bound their account."""

from sqlalchemy import func, select, update

from models import StaffNotice, db
from models.types import utcnow
from server.operations.messaging import texts
from server.operations.messaging.notifications import notify
from server.timezone import local

KIND_NAMES = {"assign": "新分派", "warn": "即将到期", "escalate": "督办"}


def notify_staff(staff, request, kind, text):
    notice = StaffNotice(staff_id=staff.id, request_id=request.id if request else None, kind=kind, text=text)
    db.session.add(notice)
    if staff.openid:
        notify(
            staff.openid,
            f"staff_{kind}",
            text,
            template_key="staff_notice",
            template_values={
                "character_string1": request.number if request else "-",
                "thing2": request.station.name if request else staff.station.name,
                "phrase3": KIND_NAMES.get(kind, "提醒"),
                "time4": local(utcnow()).strftime(texts.TEMPLATE_TIME),
            },
            subject=request,
        )
    db.session.flush()
    return notice


def unread_count(staff):
    return db.session.execute(
        select(func.count(StaffNotice.id)).where(
            StaffNotice.staff_id == staff.id, StaffNotice.read_at.is_(None)
        )
    ).scalar_one()


def notices_for(staff, limit=50):
    return (
        db.session.execute(
            select(StaffNotice)
            .where(StaffNotice.staff_id == staff.id)
            .order_by(StaffNotice.id.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )


def mark_read(staff):
    db.session.execute(
        update(StaffNotice)
        .where(StaffNotice.staff_id == staff.id, StaffNotice.read_at.is_(None))
        .values(read_at=utcnow())
    )
