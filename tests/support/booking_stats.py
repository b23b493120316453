"""A week of bookings with hand-computed dashboard figures (预约统计).

Period Mon 11/2 to Sun 11/8 2026: no holiday, so five working days. The `appointments` schedules:
08:30-12:00 and 14:00-17:30 in 30-minute slots (14 a day), 2 desks of which 1 held back, so one
online place a slot. Online services: 政策咨询 (A1a, A1, A) and 优待证办理 (A1, A); 困难帮扶申请 is
not bookable online. A1 is closed on Wed 11/4; staff closed A's 政策咨询 slot of 11/5 09:00.

Offered online places in county A: 5 schedules × 14 slots × 5 days = 350, less A1's closed day
(2 schedules × 14 = 28) and the closed slot (1): 321. Taken: 6 (see BOOKINGS). At A1a alone: 70 and 3.
"""

from datetime import date, datetime, timedelta

import pytest

from models import Booking, Schedule, SlotTally, StationClosure, db
from server.operations.appointments.services import save_schedule
from server.operations.core.audit import Actor
from server.operations.service_requests.stats import Period
from server.timezone import LOCAL
from tests.support.appointments import HOURS, setup_appointments

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 8))
# station, service, local start, state, staff booked it in a held-back place
BOOKINGS = [
    ("A1a", "政策咨询", "11-02 09:00", "done", False),
    ("A1a", "政策咨询", "11-02 09:30", "no_show", False),
    ("A1a", "政策咨询", "11-03 10:00", "checked_in", False),
    ("A1a", "政策咨询", "11-03 14:00", "cancelled", False),  # not counted, its place given back
    ("A1", "政策咨询", "11-02 09:00", "done", False),
    ("A1", "政策咨询", "11-02 09:00", "done", True),  # a held-back place: not of the online share
    ("A1", "优待证办理", "11-05 09:00", "no_show", False),
    ("A", "政策咨询", "11-06 15:00", "done", False),
    ("A1a", "政策咨询", "11-09 09:00", "done", False),  # after the period
    ("B1a", "政策咨询", "11-02 09:00", "done", False),  # outside county A
]


def at(text):
    return datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL)


def add_booking(schedule, starts_at, state, held, serial):
    db.session.add(
        Booking(
            person_key=f"tel:person-{serial}", name=f"预约人{serial}", station_id=schedule.station_id,
            service_id=schedule.service_id, schedule_id=schedule.id, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30), day=starts_at.date(), state=state,
            channel="phone" if held else "chat", held_place=held,
        )
    )  # fmt: skip
    if state == "cancelled":
        return
    tally = db.session.get(SlotTally, (schedule.id, starts_at))
    if tally is None:
        tally = SlotTally(schedule_id=schedule.id, starts_at=starts_at, booked=0, held=0)
        db.session.add(tally)
    tally.booked += 1
    tally.held += 1 if held else 0
    db.session.flush()


@pytest.fixture
def booking_week(network):
    appointments = setup_appointments(network)
    values = {"hours": HOURS, "desks": 2, "held_back": 1}
    outside = save_schedule(
        network.station("B1a"), appointments.service("政策咨询"), values, Actor.system("t")
    )
    schedules = dict(appointments.schedules) | {("B1a", "政策咨询"): outside.id}
    for serial, (code, service, moment, state, held) in enumerate(BOOKINGS):
        schedule = db.session.get(Schedule, schedules[code, service])
        add_booking(schedule, at(moment), state, held, serial)
    db.session.add(StationClosure(station_id=network.stations["A1"], starts_on=date(2026, 11, 4),
                                  ends_on=date(2026, 11, 4), reason="内部装修"))  # fmt: skip
    db.session.add(SlotTally(schedule_id=appointments.schedules["A", "政策咨询"], starts_at=at("11-05 09:00"),
                             booked=0, held=0, closed=True, closed_reason="停电"))  # fmt: skip
    db.session.commit()
    return appointments
