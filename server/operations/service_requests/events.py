"""The timeline of a request: every change is appended here, never rewritten."""

from dataclasses import dataclass

from sqlalchemy import func, select

from models import Notification, RequestEvent, Staff, Station, db
from server.operations.core.free_text import keep_originals, mask_numbers, originals_of
from server.operations.core.texts import PERSON_MARK


def add_event(request, kind, actor, body=None, public=False, notification=None, **data):
    """Append one event to `request`'s timeline. `actor` is an audit.Actor (staff, person or system).
    ID numbers and mobiles in `body` are stored masked, the body as written kept apart (free_text.py)."""
    entry = RequestEvent(
        request_id=request.id,
        kind=kind,
        public=public,
        actor_id=actor.staff_id,
        actor_name=actor.name[:64],
        body=mask_numbers(body),
        data=data,
        notification_id=notification.id if notification is not None else None,
    )
    db.session.add(entry)
    db.session.flush()
    keep_originals(entry, body=body)
    return entry


def timeline(request, public_only=False, newest=None):
    """(event, notification or None) pairs, oldest first: the notification shows a reply's delivery.
    With `newest`, only the last `newest` of them."""
    statement = (
        select(RequestEvent, Notification)
        .outerjoin(Notification, Notification.id == RequestEvent.notification_id)
        .where(RequestEvent.request_id == request.id)
    )
    if public_only:
        statement = statement.where(RequestEvent.public.is_(True))
    if newest is not None:
        return db.session.execute(statement.order_by(RequestEvent.id.desc()).limit(newest)).all()[::-1]
    return db.session.execute(statement.order_by(RequestEvent.id)).all()


def count_events(request):
    return db.session.scalar(select(func.count()).where(RequestEvent.request_id == request.id))


@dataclass(frozen=True)
class PublicEntry:
    """An event as the person may see it: who did it is "staff" (known only by their station),
    "person" (themself) or "system"; a staff member's own name never reaches the person. `text` is
    the body as written (their own ID number or mobile whole)."""

    event: RequestEvent
    text: str | None
    by: str
    station_name: str | None = None


def public_timeline(request):
    """The public events of `request`, oldest first, each with who did it as the person may know it."""
    events = [event for event, _notification in timeline(request, public_only=True)]
    stations = _stations_of_staff({e.actor_id for e in events if e.actor_id is not None})
    originals = originals_of(events)
    return [_public(event, originals(event, "body"), stations) for event in events]


def _public(event, text, stations):
    if event.actor_id is not None and event.actor_id in stations:
        return PublicEntry(event, text, "staff", stations[event.actor_id])
    if event.actor_id is None and event.actor_name.endswith(PERSON_MARK):
        return PublicEntry(event, text, "person")
    return PublicEntry(event, text, "system")


def _stations_of_staff(staff_ids):
    if not staff_ids:
        return {}
    statement = select(Staff.id, Station.name).join(Station, Station.id == Staff.station_id)
    return dict(db.session.execute(statement.where(Staff.id.in_(staff_ids))).all())
