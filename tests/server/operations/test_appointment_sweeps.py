from datetime import datetime, time, timedelta

from models import Booking, Notification, db
from models.types import utcnow
from server.operations.appointments import people, sweeps
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from server.timezone import LOCAL


def booked(appointments, openid="o-1"):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    booking = book_slot(
        people.on_chat(openid),
        appointments.schedule("A1a", "政策咨询"),
        slot.starts_at,
        "chat",
        Actor.person("x"),
    )
    db.session.commit()
    return booking


def reminders(openid="o-1"):
    return (
        db.session.execute(db.select(Notification).filter_by(openid=openid, kind="booking_reminder"))
        .scalars()
        .all()
    )


def test_the_reminder_is_due_from_18_00_the_day_before_and_goes_once(appointments):
    booking = booked(appointments)
    day_before = booking.day - timedelta(days=1)
    assert sweeps.due_reminders(datetime.combine(day_before, time(17, 59), LOCAL)) == ([], [])
    due, _ = sweeps.due_reminders(datetime.combine(day_before, time(18, 0), LOCAL))
    assert due == [booking.id]
    assert sweeps.remind_booking(booking.id) and not sweeps.remind_booking(booking.id)
    db.session.commit()
    assert len(reminders()) == 1 and "明天" in reminders()[0].text


def test_no_shows_after_the_grace_period_and_the_third_holds_online_booking(appointments, configure):
    configure(no_show_limit=1)
    booking = booked(appointments)
    assert sweeps.due_no_shows(booking.ends_at) == []
    assert sweeps.due_no_shows(booking.ends_at + timedelta(minutes=31)) == [booking.id]
    db.session.execute(
        db.update(Booking).where(Booking.id == booking.id).values(starts_at=utcnow() - timedelta(hours=1))
    )
    assert sweeps.mark_no_show_of(booking.id)
    assert not sweeps.mark_no_show_of(booking.id)
    db.session.commit()
    hold = db.session.execute(db.select(Notification).filter_by(kind="booking_hold")).scalar_one()
    assert "暂停网上预约" in hold.text
