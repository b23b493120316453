"""签到 over HTTP: the typed 6-digit code or the scanned token checks the person in; a code of another
day, of another station's booking or of nobody is refused in words; a code two of today's people
share lets staff pick; the camera's QR library is served by the app, with its licence."""

from datetime import timedelta

from models import Booking, EventSignup, StationEvent, db
from models.types import utcnow
from server.operations.appointments import desk, people
from server.operations.appointments.checkin_codes import short_code_for, token_for
from server.operations.appointments.station_events import create_event, sign_up
from server.operations.core.audit import Actor
from server.timezone import local_date
from tests.support.desk import move_to_today, staff_booking
from tests.support.network import csrf_token, login


def check_in_with(client, code, **more):
    page = client.get("/console/appointments/check-in").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "code": code, **more}
    return client.post("/console/appointments/check-in", data=data, follow_redirects=True)


def state_of(booking):
    db.session.expire_all()
    return db.session.get(Booking, booking.id).state


def test_the_typed_short_code_checks_the_person_in(client, network, appointments):
    booking = move_to_today(staff_booking(appointments, name="王大山"))
    login(client, "clerk_a1a")
    page = check_in_with(client, short_code_for("B", booking.id, booking.day))
    assert "王大山：“政策咨询”已签到" in page.get_data(as_text=True)
    assert state_of(booking) == "checked_in"
    again = check_in_with(client, short_code_for("B", booking.id, booking.day))
    assert again.status_code == 404 and "签到码无效" in again.get_data(as_text=True)


def test_the_scanned_token_checks_the_person_in(client, network, appointments):
    booking = move_to_today(staff_booking(appointments, name="王大山"))
    login(client, "clerk_a1")  # the township, for its village
    page = check_in_with(client, f"  {token_for('B', booking.id, booking.day)}\n")
    assert "已签到" in page.get_data(as_text=True) and state_of(booking) == "checked_in"


def test_another_days_code_and_another_stations_booking_are_refused(client, network, appointments):
    tomorrow = staff_booking(appointments, name="王大山")
    login(client, "clerk_a1a")
    page = check_in_with(client, token_for("B", tomorrow.id, tomorrow.day))
    assert page.status_code == 409 and "只能在预约当天签到" in page.get_data(as_text=True)
    today = move_to_today(staff_booking(appointments, "A1", name="李小河", mobile="13900002222"))
    page = check_in_with(client, token_for("B", today.id, today.day))
    assert page.status_code == 404 and state_of(today) == "booked"
    page = check_in_with(client, "12ab")
    assert page.status_code == 400 and "签到码无效" in page.get_data(as_text=True)


def test_a_shared_short_code_lets_staff_pick_the_person(client, network, appointments, monkeypatch):
    first = move_to_today(staff_booking(appointments, name="王大山"))
    second = move_to_today(staff_booking(appointments, "A1", name="李小河", mobile="13900002222"))
    monkeypatch.setattr(desk, "short_code_for", lambda kind, record_id, day: "123456")
    login(client, "clerk_a1")
    text = check_in_with(client, "123456").get_data(as_text=True)
    assert "这个签到码对应多人" in text and "王大山" in text and "李小河" in text
    assert state_of(first) == state_of(second) == "booked"
    page = check_in_with(client, "123456", pick=f"B{second.id}")
    assert "李小河：“政策咨询”已签到" in page.get_data(as_text=True)
    assert state_of(second) == "checked_in" and state_of(first) == "booked"


def test_the_page_serves_its_qr_library_and_says_when_the_camera_works(client, network, appointments):
    login(client, "clerk_a1a")
    page = client.get("/console/appointments/check-in").get_data(as_text=True)
    assert "/console/static/vendor/jsqr/jsQR.js" in page or "/static/vendor/jsqr/jsQR.js" in page
    assert "localhost" in page and "签到码输入框" in page
    library = client.get("/static/vendor/jsqr/jsQR.js")
    assert library.status_code == 200 and b"jsQR" in library.data


def test_broadcasters_are_refused(client, network, appointments):
    login(client, "broadcaster_a1a")
    assert client.get("/console/appointments/check-in").status_code == 403
    home = client.get("/console/").get_data(as_text=True)
    data = {"csrf_token": csrf_token(home), "code": "123456"}
    assert client.post("/console/appointments/check-in", data=data).status_code == 403


def test_an_event_sign_up_is_checked_in_by_its_code(client, network, appointments):
    staff = network.staff("head_a1")
    starts = utcnow() + timedelta(days=5)
    event = create_event(
        network.station("A1"), Actor.of(staff), staff, kind="health_check", title="免费体检", place="卫生院",
        capacity=2, starts_at=starts, ends_at=starts + timedelta(hours=3), signup_until=starts,
    )  # fmt: skip
    signup = sign_up(people.by_phone("孙志远", "13900004444"), event, "phone")
    db.session.execute(db.update(StationEvent).where(StationEvent.id == event.id).values(starts_at=utcnow()))
    db.session.commit()
    login(client, "clerk_a1")
    page = check_in_with(client, short_code_for("E", signup.id, local_date(utcnow())))
    assert "孙志远：“免费体检”已签到" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EventSignup, signup.id).state == "attended"
