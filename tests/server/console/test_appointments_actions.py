"""What staff do to the day's bookings, over HTTP with the CSRF token: 已完成, 爽约, cancelling with a
reason, closing a slot, closing days (here and on the station's page); 404 outside the scope,
403 for a broadcaster."""

from datetime import timedelta

from sqlalchemy import select

from models import Booking, Notification, SlotTally, StationClosure, db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.appointments.desk import check_in
from server.operations.core.audit import Actor
from tests.support.desk import move_to_today, staff_booking
from tests.support.network import csrf_token, login


def token(client):
    return csrf_token(client.get("/console/appointments").get_data(as_text=True))


def state_of(booking):
    db.session.expire_all()
    return db.session.get(Booking, booking.id)


def test_done_after_check_in_and_no_show(client, network, appointments):
    came = move_to_today(staff_booking(appointments, name="王大山", slot=0))
    stayed_away = move_to_today(staff_booking(appointments, "A1", name="李小河", mobile="13900002222"))
    check_in(came, Actor.system("test"))
    db.session.commit()
    login(client, "clerk_a1")
    done = client.post(f"/console/appointments/bookings/{came.id}/done", data={"csrf_token": token(client)})
    assert done.status_code == 302 and state_of(came).state == "done"
    url = f"/console/appointments/bookings/{stayed_away.id}/no-show"
    assert client.post(url, data={"csrf_token": token(client)}).status_code == 302
    assert state_of(stayed_away).state == "no_show"
    again = client.post(url, data={"csrf_token": token(client)}, follow_redirects=True)
    assert "现为“爽约”" in again.get_data(as_text=True)


def test_no_show_not_before_the_slot_begins(client, network, appointments):
    booking = staff_booking(appointments)
    login(client, "clerk_a1a")
    url = f"/console/appointments/bookings/{booking.id}/no-show"
    page = client.post(url, data={"csrf_token": token(client)}, follow_redirects=True)
    assert state_of(booking).state == "booked" and "flash error" in page.get_data(as_text=True)


def chat_booking(appointments, openid="o-desk"):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    schedule = appointments.schedule("A1a", "政策咨询")
    booking = book_slot(people.on_chat(openid), schedule, slot.starts_at, "chat", Actor.person(openid))
    db.session.commit()
    return booking


def told(openid="o-desk"):
    found = select(Notification).filter_by(openid=openid, kind="booking_cancelled")
    return [n.text for n in db.session.execute(found).scalars()]


def test_cancel_needs_a_reason_and_tells_the_person(client, network, appointments):
    booking = chat_booking(appointments)
    login(client, "clerk_a1a")
    url = f"/console/appointments/bookings/{booking.id}/cancel"
    page = client.post(url, data={"csrf_token": token(client), "reason": ""}, follow_redirects=True)
    assert "请填写原因" in page.get_data(as_text=True) and state_of(booking).state == "booked"
    page = client.post(
        url, data={"csrf_token": token(client), "reason": "工作人员外出"}, follow_redirects=True
    )
    assert "已取消预约，已通知本人" in page.get_data(as_text=True)
    cancelled = state_of(booking)
    assert cancelled.state == "cancelled" and cancelled.cancel_reason == "工作人员外出"
    assert cancelled.cancelled_by_staff
    assert len(told()) == 1 and "工作人员外出" in told()[0]


def test_bookings_outside_the_scope_are_not_found_and_broadcasters_are_refused(client, network, appointments):
    booking = staff_booking(appointments)
    login(client, "clerk_a2")
    for action in ("done", "no-show", "cancel"):
        url = f"/console/appointments/bookings/{booking.id}/{action}"
        assert client.post(url, data={"csrf_token": token(client), "reason": "x"}).status_code == 404
    client.post("/console/logout", data={"csrf_token": token(client)})
    login(client, "broadcaster_a1a")
    home = client.get("/console/").get_data(as_text=True)
    url = f"/console/appointments/bookings/{booking.id}/cancel"
    assert client.post(url, data={"csrf_token": csrf_token(home), "reason": "x"}).status_code == 403
    assert state_of(booking).state == "booked"


def test_closing_a_slot_cancels_the_people_in_it(client, network, appointments):
    booking = staff_booking(appointments)
    login(client, "clerk_a1a")
    data = {
        "csrf_token": token(client),
        "schedule_id": booking.schedule_id,
        "starts_at": booking.starts_at.isoformat(),
        "reason": "停电",
    }
    page = client.post("/console/appointments/slots/close", data=data, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "取消了 1 个预约并通知本人" in text and "已停止预约" in text
    assert state_of(booking).state == "cancelled" and state_of(booking).cancel_reason == "停电"
    tally = db.session.get(SlotTally, (booking.schedule_id, booking.starts_at))
    assert tally.closed and tally.closed_reason == "停电"


def test_closing_a_slot_of_another_station_is_not_found(client, network, appointments):
    booking = staff_booking(appointments, "A1")
    login(client, "clerk_a1a")
    data = {
        "csrf_token": token(client),
        "schedule_id": booking.schedule_id,
        "starts_at": booking.starts_at.isoformat(),
        "reason": "停电",
    }
    assert client.post("/console/appointments/slots/close", data=data).status_code == 404


def test_closing_days_adds_the_closure_and_cancels_everyone_booked(client, network, appointments):
    booking = chat_booking(appointments)
    station = network.station("A1a")
    data = {
        "station": station.id,
        "starts_on": booking.day.isoformat(),
        "ends_on": booking.day.isoformat(),
        "reason": "防汛",
    }
    login(client, "clerk_a1a")
    refused = client.post("/console/appointments/close-day", data=dict(data, csrf_token=token(client)))
    assert refused.status_code == 403
    client.post("/console/logout", data={"csrf_token": token(client)})
    login(client, "head_a1a")
    above = dict(data, station=network.station("A1").id, csrf_token=token(client))
    assert client.post("/console/appointments/close-day", data=above).status_code == 404
    page = client.post(
        "/console/appointments/close-day", data=dict(data, csrf_token=token(client)), follow_redirects=True
    )
    assert "取消了 1 个预约并通知本人" in page.get_data(as_text=True)
    assert state_of(booking).state == "cancelled" and state_of(booking).cancel_reason == "防汛"
    closure = db.session.execute(select(StationClosure).filter_by(station_id=station.id)).scalar_one()
    assert closure.starts_on == closure.ends_on == booking.day and closure.reason == "防汛"
    assert len(told()) == 1 and "防汛" in told()[0]


def test_the_station_pages_closure_form_also_cancels_the_bookings(client, network, appointments):
    booking = staff_booking(appointments)
    login(client, "head_a1")
    url = f"/console/stations/{booking.station_id}"
    data = {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "starts_on": booking.day.isoformat(),
        "ends_on": (booking.day + timedelta(days=1)).isoformat(),
        "reason": "装修",
    }
    page = client.post(f"{url}/closures", data=data, follow_redirects=True)
    assert "取消了 1 个预约并通知本人" in page.get_data(as_text=True)
    assert state_of(booking).state == "cancelled" and state_of(booking).cancel_reason == "装修"
