from datetime import timedelta

import pytest

from models import Booking, Notification, SlotTally, db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot, cancel_booking, move_booking, schedule_for
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, DomainError, InvalidState, NotFound

ACTOR = Actor.person("测试")


def book(appointments, person, slot, code="A1a", name="政策咨询", channel="miniapp", **kwargs):
    schedule = appointments.schedule(code, name)
    booking = book_slot(person, schedule, slot.starts_at, channel, ACTOR, **kwargs)
    db.session.commit()
    return booking


def test_booking_takes_a_place_and_writes_a_confirmation(appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    person = people.on_chat("o-1")
    booking = book(appointments, person, slot, channel="phone")
    tally = db.session.get(SlotTally, (booking.schedule_id, slot.starts_at))
    assert (booking.state, tally.booked, tally.held) == ("booked", 1, 0)
    notice = db.session.execute(db.select(Notification)).scalar_one()
    assert notice.kind == "booking_confirmed" and "政策咨询" in notice.text and notice.openid == "o-1"


def test_a_chat_booking_is_confirmed_by_the_dialog_alone(appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    book(appointments, people.on_chat("o-1"), slot, channel="chat")
    assert db.session.execute(db.select(Notification)).scalars().all() == []


def test_online_places_stop_short_of_the_held_back_ones_but_staff_may_use_them(appointments, network):
    slot = appointments.free_slots("A1a", "政策咨询")[0]  # 2 desks, 1 held back
    book(appointments, people.on_chat("o-1"), slot)
    with pytest.raises(Conflict) as refused:
        book(appointments, people.on_chat("o-2"), slot)
    db.session.rollback()
    assert "已约满" in refused.value.message and refused.value.details["nearest"]
    staff = network.staff("clerk_a1a")
    walk_in = book(appointments, people.by_phone("张三", "13800000001"), slot, staff=staff)
    assert walk_in.held_place
    with pytest.raises(Conflict):
        book(appointments, people.by_phone("李四", "13800000002"), slot, staff=staff)


def test_one_booking_per_person_service_and_day(appointments):
    slots = appointments.free_slots("A1a", "政策咨询")
    person = people.on_chat("o-1")
    book(appointments, person, slots[0])
    same_day = next(s for s in slots[1:] if s.local_start.date() == slots[0].local_start.date())
    with pytest.raises(Conflict) as refused:
        book(appointments, person, same_day)
    assert "每天只能预约一次" in refused.value.message


def test_at_most_three_open_bookings(appointments, configure):
    person, seen_days, booked = people.on_chat("o-1"), set(), 0
    for slot in appointments.free_slots("A1a", "政策咨询"):
        if slot.local_start.date() in seen_days:
            continue
        seen_days.add(slot.local_start.date())
        if booked == 3:
            with pytest.raises(Conflict) as refused:
                book(appointments, person, slot)
            assert "3个未办理的预约" in refused.value.message
            return
        book(appointments, person, slot)
        booked += 1
    pytest.fail("not enough days to book")


def test_a_service_not_offered_at_a_village_is_refused_naming_the_station(appointments, network):
    with pytest.raises(DomainError) as refused:
        schedule_for(appointments.services["优待证办理"], network.stations["A1a"])
    assert refused.value.details["field"] == "station_id" and "甲一甲村站" in refused.value.message
    with pytest.raises(DomainError):
        schedule_for(appointments.services["困难帮扶申请"], network.stations["A1a"])
    with pytest.raises(NotFound):
        schedule_for(999999, network.stations["A1a"])


def test_a_time_outside_the_slots_is_refused(appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    with pytest.raises(DomainError) as refused:
        book(
            appointments, people.on_chat("o-1"), type(slot)(slot.starts_at + timedelta(minutes=7), None, 0, 0)
        )
    assert refused.value.details["field"] == "start"


def test_cancel_gives_the_place_back_and_staff_cancel_tells_the_person(appointments, network):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    booking = book(appointments, people.on_chat("o-1"), slot)
    cancel_booking(booking, ACTOR)
    db.session.commit()
    assert db.session.get(SlotTally, (booking.schedule_id, slot.starts_at)).booked == 0
    again = book(appointments, people.on_chat("o-1"), slot)
    staff = network.staff("clerk_a1a")
    with pytest.raises(DomainError):
        cancel_booking(again, Actor.of(staff), reason=" ", by_staff=True)
    cancel_booking(again, Actor.of(staff), reason="窗口设备检修", by_staff=True)
    db.session.commit()
    notice = db.session.execute(db.select(Notification).filter_by(kind="booking_cancelled")).scalar_one()
    assert "窗口设备检修" in notice.text and "可改约的时间" in notice.text
    with pytest.raises(InvalidState):
        cancel_booking(again, ACTOR)


def test_move_takes_the_new_place_before_giving_the_old_one_back(appointments):
    slots = appointments.free_slots("A1a", "政策咨询")
    person = people.on_chat("o-1")
    booking = book(appointments, person, slots[0])
    book(appointments, people.on_chat("o-2"), slots[1])  # slots[1] now full online
    with pytest.raises(Conflict):
        move_booking(booking, slots[1].starts_at, person, ACTOR)
    db.session.rollback()
    assert db.session.get(Booking, booking.id).state == "booked"
    moved = move_booking(booking, slots[2].starts_at, person, ACTOR)
    db.session.commit()
    assert db.session.get(Booking, booking.id).moved_to_id == moved.id
    assert db.session.get(SlotTally, (booking.schedule_id, slots[0].starts_at)).booked == 0
    assert db.session.get(SlotTally, (booking.schedule_id, slots[2].starts_at)).booked == 1
