"""What the scheduler does for appointments and events: the reminder at 18:00 (China time) the day
before, and 爽约 after a slot's end plus the grace period.

Each item is claimed with a conditional UPDATE (`reminded_at IS NULL`, `state = 'booked'`) and its
notice written in the same transaction, which the job commits item by item: a sweep run twice, or
run again after a worker died midway, finds the items it did as done and sends nothing twice."""

from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from models import Booking, EventSignup, StationEvent, db
from models.types import utcnow
from server.extensions import settings
from server.operations.appointments import desk, notices, texts
from server.operations.core.audit import Actor
from server.operations.core.errors import InvalidState
from server.timezone import LOCAL, local

REMINDER_HOUR = time(18, 0)
SWEEP_ACTOR = "系统（爽约检查）"


def due_reminders(now=None):
    """Ids of the bookings and sign-ups whose reminder is due: tomorrow's, once it is 18:00 today."""
    now = now or utcnow()
    if local(now).time() < REMINDER_HOUR:
        return [], []
    tomorrow = local(now).date() + timedelta(days=1)
    bookings = db.session.execute(
        select(Booking.id).where(
            Booking.day == tomorrow, Booking.state == "booked", Booking.reminded_at.is_(None)
        )
    ).scalars()
    start = datetime.combine(tomorrow, time(0), LOCAL)
    signups = db.session.execute(
        select(EventSignup.id)
        .join(StationEvent)
        .where(
            StationEvent.starts_at >= start,
            StationEvent.starts_at < start + timedelta(days=1),
            ~StationEvent.cancelled,
            EventSignup.state == "signed_up",
            EventSignup.reminded_at.is_(None),
        )
    ).scalars()
    return list(bookings), list(signups)


def remind_booking(booking_id):
    """Claim and remind one booking; False when it was already reminded (or is no longer booked)."""
    claimed = db.session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.state == "booked", Booking.reminded_at.is_(None))
        .values(reminded_at=utcnow())
    ).rowcount
    if claimed != 1:
        return False
    notices.reminder(db.session.get(Booking, booking_id))
    return True


def remind_signup(signup_id):
    claimed = db.session.execute(
        update(EventSignup)
        .where(
            EventSignup.id == signup_id, EventSignup.state == "signed_up", EventSignup.reminded_at.is_(None)
        )
        .values(reminded_at=utcnow())
    ).rowcount
    if claimed != 1:
        return False
    signup = db.session.get(EventSignup, signup_id)
    notices.tell_signup(signup, "event_reminder", texts.EVENT_REMINDER_NOTICE, texts.TEMPLATE_EVENT_REMINDER)
    return True


def due_no_shows(now=None):
    """Ids of the bookings never checked in whose slot ended more than the grace period ago."""
    cutoff = (now or utcnow()) - timedelta(minutes=settings().no_show_grace_minutes)
    return list(
        db.session.execute(
            select(Booking.id).where(Booking.state == "booked", Booking.ends_at < cutoff).order_by(Booking.id)
        ).scalars()
    )


def mark_no_show_of(booking_id):
    booking = db.session.get(Booking, booking_id)
    try:
        desk.mark_no_show(booking, Actor.system(SWEEP_ACTOR))
    except InvalidState:  # checked in or cancelled meanwhile
        return False
    return True
