"""Bookings for the desk's tests: made by staff through the real operation, and moved to today (a
booking is only checked in on its day, and today may be a Sunday)."""

from datetime import datetime, time, timedelta

from models import Booking, db
from models.types import utcnow
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local_date
from tests.support.network import username_for


def staff_booking(appointments, code="A1a", service="政策咨询", name="王大山", mobile="13900001111", slot=0):
    """A phone booking at station `code`, in its `slot`-th free slot."""
    network = appointments.network
    starts_at = appointments.free_slots(code, service, for_staff=True)[slot].starts_at
    staff = network.staff(username_for("clerk", code))
    booking = book_slot(
        people.by_phone(name, mobile),
        appointments.schedule(code, service),
        starts_at,
        "phone",
        Actor.of(staff),
        staff=staff,
    )
    db.session.commit()
    return booking


def move_to_today(booking, minutes=-5):
    """Put the booking on today's date, starting `minutes` from now (before now by default)."""
    midnight = datetime.combine(local_date(utcnow()), time(0, 1), LOCAL)
    starts_at = max(utcnow() + timedelta(minutes=minutes), midnight)  # today even just after midnight
    db.session.execute(
        db.update(Booking)
        .where(Booking.id == booking.id)
        .values(starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30), day=local_date(starts_at))
    )
    db.session.commit()
    db.session.refresh(booking)
    return booking
