"""Appointments (预约办事) from the mini-program: the services, the days and slots with places left,
and the caller's bookings (book, list, cancel, move, the check-in code). Each write commits at the
edge with its answer, kept for a repeat with the same Idempotency-Key (server/api/idempotency.py)."""

from contextlib import contextmanager
from datetime import timedelta

from flask import Response, g, jsonify
from flask import request as http

from models import Station, db
from models.types import utcnow
from server.api import bp
from server.api.appointment_shapes import (
    RANGE_DAYS,
    Availability,
    AvailabilityQuery,
    AvailableDay,
    Booking,
    BookingCancel,
    BookingList,
    BookingMove,
    BookingRequest,
    NearestSlot,
    Service,
    ServiceList,
    ServiceListQuery,
    Slot,
)
from server.api.auth import limit_writes, require_session
from server.api.errors import ApiError
from server.api.fields import MAX_ID
from server.api.idempotency import answer, idempotent
from server.api.texts import (
    APPOINTMENT_LABELS,
    BOOKING_CODE_CLOSED,
    DATE_INVALID,
    RANGE_REVERSED,
    RANGE_TOO_LONG,
    STATION_ID_INVALID,
    STATION_NOT_FOUND,
)
from server.api.validation import json_object, named_fields, parsed, parsed_query
from server.operations.appointments import people
from server.operations.appointments.bookings import (
    book_slot,
    booking_of,
    bookings_of,
    cancel_booking,
    move_booking,
    schedule_for,
)
from server.operations.appointments.checkin_codes import qr_png, short_code_for, token_for
from server.operations.appointments.services import active_services, services_at
from server.operations.appointments.slots import availability, day_label, when
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, NotFound
from server.operations.veterans.registrations import registration_for
from server.timezone import local, local_date

ID = f"int(min=1, max={MAX_ID})"
CODE_HEADER, TOKEN_HEADER = "X-Checkin-Code", "X-Checkin-Token"


def caller():
    """The caller as a Person (people.on_miniapp): their registration, found as GET /profile finds
    it (mini-program openid, then unionid), and their mini-program openid."""
    if "person" not in g:
        session = g.api_session
        veteran = registration_for(miniapp_openid=session.openid, unionid=session.unionid)
        g.person = people.on_miniapp(session.openid, veteran)
    return g.person


def caller_key():
    return caller().key


def actor_of(person):
    return Actor.person(person.name)


@bp.get("/services")
@require_session
def list_services():
    query = parsed_query(ServiceListQuery, lambda name, given: STATION_ID_INVALID)
    if query.station_id is None:
        services = active_services(online_only=True)
    else:
        station = db.session.get(Station, query.station_id)
        if station is None or not station.active:
            raise ApiError(400, STATION_NOT_FOUND, fields={"station_id": STATION_NOT_FOUND})
        services = services_at(station)
    return jsonify(ServiceList(items=[Service.of(s) for s in services]).model_dump())


@bp.get(f"/services/<{ID}:service_id>/availability")
@require_session
def service_availability(service_id):
    """The open days from `from` to `to` (at most 31) with their slots and places left."""
    query = parsed_query(AvailabilityQuery, _query_message)
    with _named_as_input(400, {"station_id"}):
        schedule = schedule_for(service_id, query.station_id)
    first, last = _date_range(query, schedule)
    days = availability(schedule, max(first, local_date(utcnow())), last)
    shown = [
        AvailableDay(
            date=d.day, label=day_label(d.day), remaining=d.remaining, slots=[Slot.of(s) for s in d.slots]
        )
        for d in days
    ]
    result = Availability(service_id=service_id, station_id=query.station_id, days=shown)
    return jsonify(result.model_dump())


@bp.post("/bookings")
@require_session
@limit_writes
@idempotent(caller_key)
def book():
    wanted = parsed(BookingRequest, json_object())
    person = caller()
    with _named_as_input(422, {"service_id", "station_id"}), named_fields(), _nearest_offered():
        schedule = schedule_for(wanted.service_id, wanted.station_id)
        booking = book_slot(
            person, schedule, wanted.start, "miniapp", actor_of(person), subscribed=wanted.subscribed
        )
    return answer(Booking.of(booking).model_dump(), 201)


@bp.get("/bookings")
@require_session
def list_bookings():
    items = [Booking.of(booking) for booking in bookings_of(caller())]
    return jsonify(BookingList(items=items).model_dump())


@bp.post(f"/bookings/<{ID}:booking_id>/cancel")
@require_session
@limit_writes
@idempotent(caller_key)
def cancel_own_booking(booking_id):
    person = caller()
    booking = booking_of(person, booking_id)
    cancelling = parsed(BookingCancel, json_object() if http.content_length else {})
    with named_fields():
        cancel_booking(booking, actor_of(person), reason=cancelling.reason)
    return answer(Booking.of(booking).model_dump())


@bp.post(f"/bookings/<{ID}:booking_id>/move")
@require_session
@limit_writes
@idempotent(caller_key)
def move_own_booking(booking_id):
    person = caller()
    booking = booking_of(person, booking_id)
    moving = parsed(BookingMove, json_object())
    with named_fields(), _nearest_offered():
        moved = move_booking(booking, moving.start, person, actor_of(person))
    return answer(Booking.of(moved).model_dump())


@bp.get(f"/bookings/<{ID}:booking_id>/code")
@require_session
def booking_code(booking_id):
    """The check-in QR code as PNG; the short code to type or read out is in X-Checkin-Code."""
    booking = booking_of(caller(), booking_id)
    if booking.state != "booked":
        raise ApiError(409, BOOKING_CODE_CLOSED.format(state=booking.state_name))
    token = token_for("B", booking.id, booking.day)
    response = Response(qr_png(token), mimetype="image/png")
    response.headers[CODE_HEADER] = short_code_for("B", booking.id, booking.day)
    response.headers[TOKEN_HEADER] = token
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _query_message(name, given):
    if name == "station_id":
        return STATION_ID_INVALID
    return DATE_INVALID.format(label=APPOINTMENT_LABELS[name])


def _date_range(query, schedule):
    first = query.from_ or local_date(utcnow())
    last = query.to or first + timedelta(days=min(schedule.window_days, RANGE_DAYS - 1))
    if last < first:
        raise ApiError(400, RANGE_REVERSED, fields={"to": RANGE_REVERSED})
    if (last - first).days >= RANGE_DAYS:
        message = RANGE_TOO_LONG.format(days=RANGE_DAYS)
        raise ApiError(400, message, fields={"to": message})
    return first, last


@contextmanager
def _named_as_input(status, fields):
    """An unknown station or service the caller named in the query or the body (`fields`) is their
    input gone wrong (`status`, naming it), not a missing page; one in the path stays a 404."""
    try:
        yield
    except NotFound as exc:
        field = exc.details.get("field")
        if field not in fields:
            raise
        raise ApiError(status, exc.message, fields={field: exc.message}) from None


@contextmanager
def _nearest_offered():
    """A full slot: a 409 naming the nearest free slots, in the message and in `nearest`."""
    try:
        yield
    except Conflict as exc:
        if "nearest" not in exc.details:
            raise
        nearest = [
            NearestSlot(start=local(start), when=when(start)).model_dump() for start in exc.details["nearest"]
        ]
        raise ApiError(
            409, exc.message, code="slot_full", fields={"start": exc.message}, extra={"nearest": nearest}
        ) from None
