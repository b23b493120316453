import http.client
import json
import threading
from collections import Counter
from urllib.parse import urlsplit

import pytest

from models import Booking, Notification, Schedule, SlotTally, db
from server.operations.appointments.checkin_codes import read_token
from server.timezone import local_date
from tests.server.api.support import error_of
from tests.server.api.support_appointments import callers, start_of

ONLINE = "政策咨询"  # at A1a: 2 desks, 1 held back, so one online place a slot
RACERS = 200


@pytest.fixture
def people(appointments):
    return callers(3)


def book(client, headers, appointments, slot, station="A1a", service=ONLINE, **extra):
    body = {
        "service_id": appointments.services[service],
        "station_id": appointments.network.stations[station],
        "start": start_of(slot),
        **extra,
    }
    return client.post("/api/v1/bookings", json=body, headers=headers)


def booked(client, headers, appointments, slot, **extra):
    response = book(client, headers, appointments, slot, **extra)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_services_list_the_online_ones_with_materials_and_what_a_station_offers(client, people, appointments):
    listed = client.get("/api/v1/services", headers=people[0]).get_json()["items"]
    assert [s["name"] for s in listed] == ["政策咨询", "优待证办理"]  # 困难帮扶申请 is not bookable online
    consult = listed[0]
    assert consult["materials"] == ["身份证"] and consult["minutes"] == 30
    assert (consult["registration_needed"], consult["registration_needed_name"]) == ("none", "无需登记")
    village = appointments.network.stations["A1a"]
    at_village = client.get(f"/api/v1/services?station_id={village}", headers=people[0]).get_json()["items"]
    assert [s["name"] for s in at_village] == ["政策咨询"]
    unknown = client.get("/api/v1/services?station_id=99999", headers=people[0])
    assert unknown.status_code == 400 and "station_id" in error_of(unknown)["fields"]


def test_availability_gives_days_and_slots_with_the_places_left(client, people, appointments):
    slot = appointments.free_slots("A1a", ONLINE)[0]
    booked(client, people[0], appointments, slot)
    url = f"/api/v1/services/{appointments.services[ONLINE]}/availability"
    day = local_date(slot.starts_at)
    query = {
        "station_id": appointments.network.stations["A1a"],
        "from": day.isoformat(),
        "to": day.isoformat(),
    }
    answer = client.get(url, query_string=query, headers=people[1]).get_json()
    (shown,) = answer["days"]
    assert shown["date"] == day.isoformat() and shown["label"].startswith(f"{day.month}月{day.day}日")
    first = next(s for s in shown["slots"] if s["start"] == start_of(slot))
    assert (first["places"], first["remaining"]) == (1, 0)
    assert all(s["remaining"] == 1 for s in shown["slots"] if s is not first)
    assert shown["remaining"] == len(shown["slots"]) - 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"from": "12/08/2026"}, "from"),
        ({"to": "tomorrow"}, "to"),
        ({"from": "2026-12-01", "to": "2027-01-15"}, "to"),  # 46 days
        ({"from": "2026-12-10", "to": "2026-12-01"}, "to"),
        ({"station_id": "甲"}, "station_id"),
    ],
)
def test_bad_dates_and_ranges_are_400s_naming_the_field(client, people, appointments, query, field):
    url = f"/api/v1/services/{appointments.services[ONLINE]}/availability"
    response = client.get(
        url, query_string={"station_id": appointments.network.stations["A1a"], **query}, headers=people[0]
    )
    error = error_of(response)
    assert response.status_code == 400 and list(error["fields"]) == [field], error
    assert error["message"] == error["fields"][field]


def test_a_full_slot_is_a_409_naming_the_nearest_free_slots(client, people, appointments):
    slot, *others = appointments.free_slots("A1a", ONLINE)
    booked(client, people[0], appointments, slot)
    response = book(client, people[1], appointments, slot)
    error = response.get_json()["error"]
    assert response.status_code == 409 and error["code"] == "slot_full"
    nearest = [entry["start"] for entry in error["nearest"]]
    assert len(nearest) == 3 and start_of(slot) not in nearest
    assert set(nearest) <= {start_of(other) for other in others}
    assert all(entry["when"] in error["message"] for entry in error["nearest"])
    assert error["fields"] == {"start": error["message"]}
    tally = db.session.get(SlotTally, (appointments.schedules["A1a", ONLINE], slot.starts_at))
    assert tally.booked == 1


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"start": "2026-12-08 上午"}, "start", 422),
        ({"start": "2020-01-06T09:00:00+08:00"}, "start", 422),  # a past day
        ({"station_id": 99999}, "station_id", 422),
        ({"service_id": 99999}, "service_id", 422),
        ({"subscribed": ["everything"]}, "subscribed", 422),
    ],
)
def test_bad_bookings_are_refused_naming_the_field(client, people, appointments, change, field, status):
    slot = appointments.free_slots("A1a", ONLINE)[0]
    body = {
        "service_id": appointments.services[ONLINE],
        "station_id": appointments.network.stations["A1a"],
        "start": start_of(slot),
        **change,
    }
    response = client.post("/api/v1/bookings", json=body, headers=people[0])
    assert response.status_code == status and field in error_of(response)["fields"], response.get_json()
    assert db.session.execute(db.select(Booking)).first() is None


def test_a_time_the_station_does_not_offer_and_a_service_it_does_not_offer_are_refused(
    client, people, appointments
):
    slot = appointments.free_slots("A1a", ONLINE)[0]
    off_hours = (slot.local_start.replace(hour=20, minute=0)).isoformat()
    body = {
        "service_id": appointments.services[ONLINE],
        "station_id": appointments.network.stations["A1a"],
        "start": off_hours,
    }
    response = client.post("/api/v1/bookings", json=body, headers=people[0])
    assert response.status_code == 422 and "所选时间不可预约" in error_of(response)["fields"]["start"]
    card = {**body, "service_id": appointments.services["优待证办理"], "start": start_of(slot)}
    response = client.post("/api/v1/bookings", json=card, headers=people[0])
    assert response.status_code == 422 and "不办理" in error_of(response)["fields"]["station_id"]


def test_another_persons_booking_is_a_404_everywhere(client, people, appointments):
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    mine = booked(client, people[0], appointments, slot)
    base = f"/api/v1/bookings/{mine['id']}"
    for response in (
        client.get(f"{base}/code", headers=people[1]),
        client.post(f"{base}/cancel", headers=people[1]),
        client.post(f"{base}/move", json={"start": start_of(later)}, headers=people[1]),
    ):
        assert response.status_code == 404 and error_of(response)["message"] == "没有找到这个预约。"
    assert client.get("/api/v1/bookings", headers=people[1]).get_json()["items"] == []
    assert db.session.get(Booking, mine["id"]).state == "booked"


def test_a_subscribe_message_confirms_only_when_the_tap_granted_it(client, people, appointments):
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    tapped = booked(
        client, people[0], appointments, slot, subscribed=["miniapp_appointment", "miniapp_reminder"]
    )
    booked(client, people[1], appointments, later)  # no tap given
    (notice,) = db.session.execute(db.select(Notification)).scalars()
    assert (notice.miniapp_openid, notice.template_key, notice.kind) == (
        "oBook0",
        "miniapp_appointment",
        "booking_confirmed",
    )
    assert db.session.get(Booking, tapped["id"]).subscribed == ["miniapp_reminder"]  # left for the reminder


def test_the_caller_lists_cancels_and_the_place_goes_back(client, people, appointments):
    slot = appointments.free_slots("A1a", ONLINE)[0]
    mine = booked(client, people[0], appointments, slot, subscribed=["miniapp_reminder"])
    assert mine["can"] == {"cancel": True, "move": True, "code": True} and mine["channel"] == "miniapp"
    listed = client.get("/api/v1/bookings", headers=people[0]).get_json()["items"]
    assert [b["id"] for b in listed] == [mine["id"]] and listed[0]["station"]["name"] == "甲一甲村站"
    cancelled = client.post(
        f"/api/v1/bookings/{mine['id']}/cancel", json={"reason": "临时有事"}, headers=people[0]
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["state_name"] == "已取消"
    assert cancelled.get_json()["cancel_reason"] == "临时有事"
    assert db.session.get(SlotTally, (appointments.schedules["A1a", ONLINE], slot.starts_at)).booked == 0
    again = client.post(f"/api/v1/bookings/{mine['id']}/cancel", headers=people[0])
    assert again.status_code == 409 and "已取消" in error_of(again)["message"]


def test_cancelling_or_moving_after_the_cut_off_is_refused_with_the_stations_phone(
    client, people, appointments
):
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    mine = booked(client, people[0], appointments, slot)
    schedule = appointments.schedule("A1a", ONLINE)
    schedule.cutoff_hours = 168  # a week before: already past
    db.session.commit()
    for response in (
        client.post(f"/api/v1/bookings/{mine['id']}/cancel", headers=people[0]),
        client.post(
            f"/api/v1/bookings/{mine['id']}/move", json={"start": start_of(later)}, headers=people[0]
        ),
    ):
        error = error_of(response)
        assert (
            response.status_code == 409
            and "不足168小时" in error["message"]
            and "0571-88000000" in error["message"]
        )
    assert db.session.get(Booking, mine["id"]).state == "booked"


def test_moving_takes_the_new_slot_and_gives_the_old_one_back(client, people, appointments):
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    mine = booked(client, people[0], appointments, slot)
    response = client.post(
        f"/api/v1/bookings/{mine['id']}/move", json={"start": start_of(later)}, headers=people[0]
    )
    moved = response.get_json()
    assert response.status_code == 200 and moved["id"] != mine["id"] and moved["start"] == start_of(later)
    old = db.session.get(Booking, mine["id"])
    assert (old.state, old.moved_to_id) == ("cancelled", moved["id"])
    schedule_id = appointments.schedules["A1a", ONLINE]
    assert db.session.get(SlotTally, (schedule_id, slot.starts_at)).booked == 0
    assert db.session.get(SlotTally, (schedule_id, later.starts_at)).booked == 1
    same = client.post(
        f"/api/v1/bookings/{moved['id']}/move", json={"start": start_of(later)}, headers=people[0]
    )
    assert same.status_code == 422 and "相同" in error_of(same)["fields"]["start"]


def test_a_booking_whose_service_the_station_stopped_is_not_moved(client, people, appointments):
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    mine = booked(client, people[0], appointments, slot)
    db.session.get(Schedule, appointments.schedules["A1a", ONLINE]).active = False
    db.session.commit()
    response = client.post(
        f"/api/v1/bookings/{mine['id']}/move", json={"start": start_of(later)}, headers=people[0]
    )
    assert response.status_code == 409 and "已暂停办理“政策咨询”" in error_of(response)["message"]
    assert db.session.get(Booking, mine["id"]).state == "booked"


def test_the_check_in_code_is_a_png_of_a_token_for_the_bookings_day(client, people, appointments):
    slot = appointments.free_slots("A1a", ONLINE)[0]
    mine = booked(client, people[0], appointments, slot)
    response = client.get(f"/api/v1/bookings/{mine['id']}/code", headers=people[0])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert read_token(response.headers["X-Checkin-Token"]) == ("B", mine["id"], local_date(slot.starts_at))
    assert (
        len(response.headers["X-Checkin-Code"]) == 6
        and response.headers["Cache-Control"] == "private, no-store"
    )
    client.post(f"/api/v1/bookings/{mine['id']}/cancel", headers=people[0])
    gone = client.get(f"/api/v1/bookings/{mine['id']}/code", headers=people[0])
    assert gone.status_code == 409 and "已取消" in error_of(gone)["message"]


def test_a_service_that_needs_an_approved_registration_is_refused_to_an_unregistered_caller(
    client, people, appointments
):
    slot = appointments.free_slots("A1", "优待证办理")[0]
    response = book(client, people[0], appointments, slot, station="A1", service="优待证办理")
    assert response.status_code == 422 and "先登记" in error_of(response)["fields"]["service_id"]


def test_no_caller_no_booking(client, appointments):
    response = client.get("/api/v1/bookings")
    assert response.status_code == 401
    assert client.get("/api/v1/services").status_code == 401


def test_two_hundred_people_taking_one_slot_at_once_get_exactly_its_places(live_app, appointments):
    """Real concurrent HTTP: 200 callers, each on their own connection, released together at one
    slot with 5 online places. The database's conditional UPDATE decides; no answer is a 5xx."""
    schedule = appointments.schedule("A1a", ONLINE)
    schedule.desks, schedule.held_back = 7, 2  # 5 online places, 2 kept for walk-ins
    db.session.commit()
    slot = appointments.free_slots("A1a", ONLINE)[0]
    body = json.dumps(
        {
            "service_id": appointments.services[ONLINE],
            "station_id": appointments.network.stations["A1a"],
            "start": start_of(slot),
        }
    )
    everyone = callers(RACERS, prefix="oRace")
    start_line = threading.Barrier(RACERS)
    statuses = []

    def race(headers):
        connection = http.client.HTTPConnection(urlsplit(live_app).netloc, timeout=120)
        connection.connect()
        start_line.wait()
        connection.request("POST", "/api/v1/bookings", body, {**headers, "Content-Type": "application/json"})
        response = connection.getresponse()
        statuses.append((response.status, json.loads(response.read())))
        connection.close()

    threads = [threading.Thread(target=race, args=(headers,)) for headers in everyone]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]

    counted = Counter(status for status, _ in statuses)
    assert counted == {201: 5, 409: RACERS - 5}, counted
    assert {answer["error"]["code"] for status, answer in statuses if status == 409} == {"slot_full"}
    db.session.expire_all()
    assert db.session.get(SlotTally, (schedule.id, slot.starts_at)).booked == 5
    bookings = db.session.execute(db.select(Booking).filter_by(state="booked")).scalars().all()
    assert len(bookings) == 5 and len({b.person_key for b in bookings}) == 5
