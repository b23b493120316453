from datetime import datetime, time, timedelta

import pytest

from models import EventSignup, db
from models.types import utcnow
from server.operations.appointments.station_events import create_event
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local_date
from tests.server.api.support import error_of
from tests.server.api.support_appointments import callers


@pytest.fixture
def event(network):
    staff = network.staff("head_a1")
    starts = datetime.combine(local_date(utcnow()) + timedelta(days=5), time(9), LOCAL)
    times = dict(
        starts_at=starts, ends_at=starts + timedelta(hours=3), signup_until=starts - timedelta(days=1)
    )
    made = create_event(
        network.station("A1"), Actor.of(staff), staff, kind="health_check", title="免费体检", place="卫生院",
        capacity=1, **times,
    )  # fmt: skip
    db.session.commit()
    return made


def sign_up(client, headers, event_id, **body):
    return client.post(f"/api/v1/events/{event_id}/signup", json=body, headers=headers)


def test_events_are_listed_for_the_chosen_station_with_the_callers_sign_up(client, event, network):
    (headers,) = callers(1)
    assert client.get("/api/v1/events", headers=headers).get_json()["items"] == []  # no station yet
    village = network.stations["A1a"]
    (listed,) = client.get(f"/api/v1/events?station_id={village}", headers=headers).get_json()["items"]
    assert (listed["title"], listed["kind_name"], listed["remaining"], listed["signup"]) == (
        "免费体检",
        "免费体检",
        1,
        None,
    )
    assert listed["station"]["name"] == "甲一街道站"
    elsewhere = client.get(f"/api/v1/events?station_id={network.stations['B1a']}", headers=headers)
    assert elsewhere.get_json()["items"] == []


def test_a_full_event_waitlists_and_a_cancellation_moves_the_first_in_line_up(client, event):
    first, second, third = callers(3)
    signed = sign_up(client, first, event.id, subscribed=["miniapp_appointment"])
    assert signed.status_code == 201 and signed.get_json()["signup"]["state_name"] == "已报名"
    assert signed.get_json()["remaining"] == 0
    waiting = sign_up(client, second, event.id).get_json()["signup"]
    assert (waiting["state"], waiting["waitlist_position"]) == ("waitlisted", 1)
    assert sign_up(client, third, event.id).get_json()["signup"]["waitlist_position"] == 2

    cancelled = client.post(f"/api/v1/events/{event.id}/cancel", headers=first)
    assert cancelled.status_code == 200 and cancelled.get_json()["signup"]["state"] == "cancelled"
    (mine,) = client.get("/api/v1/events", headers=second).get_json()["items"]  # listed: signed up
    assert (mine["signup"]["state"], mine["signup"]["waitlist_position"]) == ("signed_up", None)
    (theirs,) = client.get("/api/v1/events", headers=third).get_json()["items"]
    assert theirs["signup"]["waitlist_position"] == 1


def test_signing_up_twice_is_a_409_and_cancelling_without_a_sign_up_is_a_404(client, event):
    first, second = callers(2)
    assert sign_up(client, first, event.id).status_code == 201
    again = sign_up(client, first, event.id)
    assert again.status_code == 409 and "已报名" in error_of(again)["message"]
    none = client.post(f"/api/v1/events/{event.id}/cancel", headers=second)
    assert none.status_code == 404 and error_of(none)["message"] == "您没有报名这个活动"
    unknown = client.post("/api/v1/events/99999/signup", headers=first)
    assert unknown.status_code == 404
    assert db.session.execute(db.select(EventSignup)).scalars().one().state == "signed_up"


def test_a_sign_up_after_the_deadline_is_refused(client, event):
    (headers,) = callers(1)
    event.signup_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = sign_up(client, headers, event.id)
    assert late.status_code == 409 and error_of(late)["message"] == "该活动报名已截止。"
