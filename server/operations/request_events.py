"""The timeline of a request: every change is appended here, never rewritten."""

from sqlalchemy import select

from models import Notification, RequestEvent, db


def add_event(request, kind, actor, body=None, public=False, notification=None, **data):
    """Append one event to `request`'s timeline. `actor` is an audit.Actor (staff, person or system)."""
    entry = RequestEvent(
        request_id=request.id,
        kind=kind,
        public=public,
        actor_id=actor.staff_id,
        actor_name=actor.name[:64],
        body=body,
        data=data,
        notification_id=notification.id if notification is not None else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def timeline(request, public_only=False):
    """(event, notification or None) pairs, oldest first: the notification shows a reply's delivery."""
    statement = (
        select(RequestEvent, Notification)
        .outerjoin(Notification, Notification.id == RequestEvent.notification_id)
        .where(RequestEvent.request_id == request.id)
        .order_by(RequestEvent.id)
    )
    if public_only:
        statement = statement.where(RequestEvent.public.is_(True))
    return db.session.execute(statement).all()
