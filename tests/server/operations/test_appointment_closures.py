"""Closing a station for days: the closure on its calendar, and everyone booked then cancelled with
the reason and told; other stations' and other days' bookings are left alone."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Booking, Notification, db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.appointments.closures import close_station_days
from server.operations.appointments.slots import availability
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError

ACTOR = Actor.system("测试")


def book(appointments, code, openid, slot=0):
    starts_at = appointments.free_slots(code, "政策咨询")[slot].starts_at
    schedule = appointments.schedule(code, "政策咨询")
    return book_slot(people.on_chat(openid), schedule, starts_at, "chat", Actor.person(openid))


def test_the_days_close_and_the_people_booked_then_are_told(appointments):
    here = book(appointments, "A1a", "o-here")
    elsewhere = book(appointments, "A1", "o-elsewhere")
    schedule = appointments.schedule("A1a", "政策咨询")
    free = appointments.free_slots("A1a", "政策咨询")
    later_slot = next(s for s in free if s.local_start.date() > here.day)
    later = book_slot(people.on_chat("o-later"), schedule, later_slot.starts_at, "chat", ACTOR)
    station = appointments.network.station("A1a")
    closure, cancelled = close_station_days(station, here.day, here.day, " 防汛 ", ACTOR)
    db.session.commit()
    assert closure.reason == "防汛" and [b.id for b in cancelled] == [here.id]
    states = {b.id: db.session.get(Booking, b.id).state for b in (here, elsewhere, later)}
    assert states == {here.id: "cancelled", elsewhere.id: "booked", later.id: "booked"}
    notice = db.session.execute(select(Notification).filter_by(openid="o-here", kind="booking_cancelled"))
    assert "防汛" in notice.scalar_one().text
    assert availability(schedule, here.day, here.day, for_staff=True) == []


def test_a_refused_closure_cancels_nobody(appointments):
    booking = book(appointments, "A1a", "o-here")
    station = appointments.network.station("A1a")
    with pytest.raises(DomainError) as refused:
        close_station_days(station, booking.day, booking.day - timedelta(days=1), "防汛", ACTOR)
    assert refused.value.details["field"] == "ends_on"
    assert db.session.get(Booking, booking.id).state == "booked"
