import http.client
import json
import threading
from urllib.parse import urlsplit

from models import Booking, db
from server.api.idempotency import fingerprint
from server.operations.core.idempotency import claim_key, record_answer
from tests.server.api.support import error_of
from tests.server.api.support_appointments import callers, start_of
from tests.support.databases import another_waits_for_this_session

ONLINE = "政策咨询"  # one online place a slot at A1a


def booking_body(appointments, slot):
    return {
        "service_id": appointments.services[ONLINE],
        "station_id": appointments.network.stations["A1a"],
        "start": start_of(slot),
    }


def bookings():
    return db.session.execute(db.select(Booking)).scalars().all()


def test_a_repeat_with_the_same_key_gets_the_first_answer_and_books_once(client, appointments):
    (headers,) = callers(1)
    keyed = {**headers, "Idempotency-Key": "tap-1"}
    body = booking_body(appointments, appointments.free_slots("A1a", ONLINE)[0])
    first = client.post("/api/v1/bookings", json=body, headers=keyed)
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    again = client.post("/api/v1/bookings", data=reordered, content_type="application/json", headers=keyed)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(bookings()) == 1


def test_the_same_key_for_another_body_is_refused_naming_the_header(client, appointments):
    (headers,) = callers(1)
    keyed = {**headers, "Idempotency-Key": "tap-1"}
    slot, later = appointments.free_slots("A1a", ONLINE)[:2]
    assert (
        client.post("/api/v1/bookings", json=booking_body(appointments, slot), headers=keyed).status_code
        == 201
    )
    other = client.post("/api/v1/bookings", json=booking_body(appointments, later), headers=keyed)
    error = error_of(other)
    assert other.status_code == 422 and error["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in error["fields"] and len(bookings()) == 1


def test_keys_are_each_callers_own_and_a_refused_request_keeps_nothing(client, appointments):
    first, second = callers(2)
    slot = appointments.free_slots("A1a", ONLINE)[0]
    body = booking_body(appointments, slot)
    mine = client.post("/api/v1/bookings", json=body, headers={**first, "Idempotency-Key": "k"})
    full = client.post("/api/v1/bookings", json=body, headers={**second, "Idempotency-Key": "k"})
    assert (mine.status_code, full.status_code) == (201, 409)  # not the first caller's answer
    client.post(f"/api/v1/bookings/{mine.get_json()['id']}/cancel", headers=first)
    retried = client.post("/api/v1/bookings", json=body, headers={**second, "Idempotency-Key": "k"})
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers


def test_a_malformed_key_is_a_400(client, appointments):
    (headers,) = callers(1)
    body = booking_body(appointments, appointments.free_slots("A1a", ONLINE)[0])
    for key in ("", "x" * 81, "空格 键"):
        response = client.post("/api/v1/bookings", json=body, headers={**headers, "Idempotency-Key": key})
        assert response.status_code == 400 and "Idempotency-Key" in error_of(response)["fields"]
    assert bookings() == []


def test_a_request_racing_one_with_its_key_waits_and_answers_what_that_one_answered(
    app, client, appointments
):
    """The test's transaction holds the key, as a first request still at work would; the second
    request's claim waits for it (PostgreSQL: on the key's row; SQLite: the write lock), fails
    when it commits, and answers the first one's answer without booking."""
    (headers,) = callers(1)
    body = booking_body(appointments, appointments.free_slots("A1a", ONLINE)[0])
    owner = "mp:oBook0"  # the first caller's mini-program openid: not registered
    sent = fingerprint("POST", "/api/v1/bookings", json.dumps(body).encode())
    claim = claim_key(owner, "tap-1", sent)
    answers = []
    second = threading.Thread(
        target=lambda: answers.append(
            app.test_client().post(
                "/api/v1/bookings", json=body, headers={**headers, "Idempotency-Key": "tap-1"}
            )
        )
    )
    second.start()
    if db.engine.dialect.name == "postgresql":
        assert another_waits_for_this_session()
    record_answer(claim, 201, {"id": 4242})
    db.session.commit()
    second.join()
    (answer,) = answers
    assert (answer.status_code, answer.get_json()) == (201, {"id": 4242})
    assert answer.headers["Idempotent-Replayed"] == "true" and bookings() == []


def test_taps_sent_together_with_one_key_book_once_and_all_get_the_same_answer(live_app, appointments):
    """Real concurrent HTTP from one caller: 10 copies released at once over their own connections."""
    (headers,) = callers(1)
    body = json.dumps(booking_body(appointments, appointments.free_slots("A1a", ONLINE)[0]))
    sent = {**headers, "Idempotency-Key": "tap-1", "Content-Type": "application/json"}
    together, answers = threading.Barrier(10), []

    def tap():
        connection = http.client.HTTPConnection(urlsplit(live_app).netloc, timeout=60)
        connection.connect()
        together.wait()
        connection.request("POST", "/api/v1/bookings", body, sent)
        response = connection.getresponse()
        answers.append((response.status, response.read()))
        connection.close()

    threads = [threading.Thread(target=tap) for _ in range(10)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert {status for status, _ in answers} == {201} and len({raw for _, raw in answers}) == 1
    db.session.expire_all()
    assert len(bookings()) == 1
