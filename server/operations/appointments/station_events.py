"""Station events (活动报名): creating them, signing up and cancelling, the waiting list moving up by
itself, and check-in at the door.

A place is taken with a conditional UPDATE (`taken < capacity`) on the event's row, which also
serialises the sign-ups of one event; a cancelled place passes to the first in line in the same
transaction, never lost and never given twice."""

from datetime import timedelta

from sqlalchemy import func, select, update

from models import EventSignup, StationEvent, VeteranCategory, db
from models.station import path_ids
from models.station_event import HOLDING_STATES, KINDS
from models.types import utcnow
from server.operations.appointments import notices, texts
from server.operations.appointments.people import keys_of
from server.operations.core import audit
from server.operations.core.errors import Conflict, DomainError, InvalidState, NotFound
from server.operations.core.scope import in_scope

MAX_CAPACITY = 10_000


def create_event(station, actor, staff, **fields):
    """A dated event of `station` (its subtree is the audience, narrowed by `category_ids`)."""
    _check_fields(fields)
    event = StationEvent(station_id=station.id, created_by_id=staff.id, **fields)
    db.session.add(event)
    db.session.flush()
    audit.record(actor, "event.create", event, station_id=station.id, title=event.title)
    return event


def open_events_for(person, station):
    """The events a person may sign up to now: of their station or one above it, for their
    category, before the deadline. Without a station, none (they choose one first)."""
    if station is None:
        return []
    above = path_ids(station.path)
    statement = (
        select(StationEvent)
        .where(
            StationEvent.station_id.in_(above),
            ~StationEvent.cancelled,
            StationEvent.signup_until > utcnow(),
        )
        .order_by(StationEvent.starts_at)
    )
    category = person.veteran.category_id if person.veteran else None
    return [e for e in db.session.execute(statement).scalars() if _for_category(e, category)]


def get_event(event_id):
    event = db.session.get(StationEvent, event_id) if isinstance(event_id, int) else None
    if event is None:
        raise NotFound(texts.EVENT_UNKNOWN)
    return event


def sign_up(person, event, channel, subscribed=()):
    """A place, or a place in line when the event is full and keeps a waiting list."""
    _ensure_open(event)
    _check_audience(person, event)
    _lock(event)  # the event's sign-ups wait on us from here: what is read next stays true
    db.session.refresh(event)
    _ensure_open(event)  # again: cancelled while we waited for the lock
    _check_not_signed_up(person, event)
    taken = db.session.execute(
        update(StationEvent)
        .where(StationEvent.id == event.id, StationEvent.taken < StationEvent.capacity)
        .values(taken=StationEvent.taken + 1)
    ).rowcount
    if not taken and not event.waitlist:
        raise Conflict(texts.EVENT_FULL)
    signup = EventSignup(
        event_id=event.id,
        person_key=person.key,
        veteran_id=person.veteran.id if person.veteran else None,
        openid=person.openid,
        miniapp_openid=person.miniapp_openid,
        name=person.name,
        mobile=person.mobile,
        state="signed_up" if taken else "waitlisted",
        channel=channel,
        subscribed=list(subscribed),
    )
    db.session.add(signup)
    db.session.flush()
    db.session.refresh(event)
    if taken:
        notices.tell_signup(signup, "event_signed_up", texts.SIGNED_UP_NOTICE, texts.TEMPLATE_SIGNED_UP)
    else:
        position = waitlist_position(signup)
        notices.tell_signup(
            signup, "event_waitlisted", texts.WAITLISTED_NOTICE, texts.TEMPLATE_WAITLISTED, position=position
        )
    return signup


def cancel_signup(signup, actor, reason=None, by_staff=False):
    """Cancel a sign-up; a place it held passes to the first in line, who is told."""
    if signup.state not in ("signed_up", "waitlisted"):
        raise InvalidState(texts.SIGNUP_NOT_CANCELLABLE.format(state=signup.state_name))
    if by_staff and not (reason or "").strip():
        raise DomainError(texts.REASON_REQUIRED, field="reason")
    held_place = signup.state == "signed_up"
    _lock(signup.event)
    changed = db.session.execute(
        update(EventSignup)
        .where(EventSignup.id == signup.id, EventSignup.state == signup.state)
        .values(state="cancelled", finished_at=utcnow(), cancel_reason=reason or texts.CANCEL_BY_PERSON)
    ).rowcount
    db.session.refresh(signup)
    if changed != 1:
        raise InvalidState(texts.SIGNUP_NOT_CANCELLABLE.format(state=signup.state_name))
    if held_place:
        _pass_place_on(signup.event)
    if by_staff:
        audit.record(actor, "event.signup.cancel", signup, station_id=signup.event.station_id)
        notices.tell_signup(
            signup, "event_signup_cancelled", texts.SIGNUP_CANCELLED_NOTICE, texts.TEMPLATE_SIGNUP_CANCELLED,
            reason=signup.cancel_reason,
        )  # fmt: skip
    return signup


def cancel_event(event, reason, actor):
    if event.cancelled:
        raise InvalidState(texts.EVENT_CANCELLED)
    if not (reason or "").strip():
        raise DomainError(texts.REASON_REQUIRED, field="reason")
    event.cancelled = True
    holding = db.session.execute(
        select(EventSignup).where(EventSignup.event_id == event.id, EventSignup.state.in_(HOLDING_STATES))
    ).scalars()
    for signup in holding:
        signup.state, signup.finished_at, signup.cancel_reason = "cancelled", utcnow(), reason
        notices.tell_signup(
            signup,
            "event_cancelled",
            texts.EVENT_CANCELLED_NOTICE,
            texts.TEMPLATE_EVENT_CANCELLED,
            reason=reason,
        )
    db.session.flush()
    audit.record(actor, "event.cancel", event, station_id=event.station_id, reason=reason)


def check_in_signup(signup, actor):
    if signup.state != "signed_up":
        raise InvalidState(texts.CODE_NOT_BOOKED.format(state=signup.state_name), field="code")
    signup.state, signup.checked_in_at = "attended", utcnow()
    db.session.flush()
    audit.record(actor, "event.signup.check_in", signup, station_id=signup.event.station_id)
    return signup


def signups_of(person):
    return (
        db.session.execute(
            select(EventSignup)
            .where(EventSignup.person_key.in_(keys_of(person)))
            .order_by(EventSignup.created_at.desc())
        )
        .scalars()
        .all()
    )


def signup_of(person, signup_id):
    signup = db.session.get(EventSignup, signup_id) if isinstance(signup_id, int) else None
    if signup is None or signup.person_key not in keys_of(person):
        raise NotFound(texts.EVENT_UNKNOWN)
    return signup


def events_in_scope(staff):
    return db.session.execute(
        select(StationEvent).where(in_scope(StationEvent, staff)).order_by(StationEvent.starts_at.desc())
    ).scalars()


def waitlist_position(signup):
    return db.session.execute(
        select(func.count()).where(
            EventSignup.event_id == signup.event_id,
            EventSignup.state == "waitlisted",
            EventSignup.id <= signup.id,
        )
    ).scalar_one()


def _pass_place_on(event):
    first = db.session.execute(
        select(EventSignup)
        .where(EventSignup.event_id == event.id, EventSignup.state == "waitlisted")
        .order_by(EventSignup.id)
        .limit(1)
    ).scalar_one_or_none()
    if first is None or event.starts_at <= utcnow():
        db.session.execute(
            update(StationEvent).where(StationEvent.id == event.id).values(taken=StationEvent.taken - 1)
        )
        db.session.refresh(event)
        return None
    first.state, first.promoted_at = "signed_up", utcnow()
    db.session.flush()
    notices.tell_signup(first, "event_promoted", texts.PROMOTED_NOTICE, texts.TEMPLATE_PROMOTED)
    return first


def _lock(event):
    """The event's row, locked to the commit (a no-op UPDATE: on SQLite, the write lock): one
    sign-up or cancellation of the event at a time."""
    db.session.execute(
        update(StationEvent).where(StationEvent.id == event.id).values(taken=StationEvent.taken)
    )


def _ensure_open(event):
    if event.cancelled:
        raise InvalidState(texts.EVENT_CANCELLED)
    if event.signup_until <= utcnow():
        raise InvalidState(texts.EVENT_CLOSED)


def _check_audience(person, event):
    """Within the event's station subtree when the person's station is known; of one of its
    categories when it names some (so then only a registered person of that category)."""
    station = person.veteran.station if person.veteran else None
    category = person.veteran.category_id if person.veteran else None
    outside = station is not None and not station.path.startswith(event.station.path)
    if outside or not _for_category(event, category):
        raise DomainError(texts.EVENT_NOT_FOR_YOU.format(audience=audience_of(event)))


def audience_of(event):
    names = []
    if event.category_ids:
        rows = db.session.execute(
            select(VeteranCategory.name).where(VeteranCategory.id.in_(event.category_ids))
        )
        names = list(rows.scalars())
    if not names:
        return texts.AUDIENCE.format(station=event.station.name)
    return texts.AUDIENCE_OF.format(station=event.station.name, categories=texts.LIST_JOIN.join(names))


def _for_category(event, category_id):
    return not event.category_ids or category_id in event.category_ids


def _check_not_signed_up(person, event):
    existing = db.session.execute(
        select(EventSignup).where(
            EventSignup.event_id == event.id,
            EventSignup.person_key.in_(keys_of(person)),
            EventSignup.state.in_(HOLDING_STATES),
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise Conflict(texts.EVENT_ALREADY.format(state=existing.state_name))


def _check_fields(fields):
    if fields.get("kind") not in KINDS:
        raise DomainError(texts.EVENT_BAD_KIND, field="kind")
    capacity = fields.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(texts.EVENT_BAD_CAPACITY, field="capacity")
    starts, ends, until = fields.get("starts_at"), fields.get("ends_at"), fields.get("signup_until")
    if not (starts and ends and until) or ends <= starts or until > starts:
        raise DomainError(texts.EVENT_BAD_TIMES, field="starts_at")
    if starts < utcnow() - timedelta(minutes=1):
        raise DomainError(texts.EVENT_IN_PAST, field="starts_at")
