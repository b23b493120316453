"""Station events (活动报名) from the mini-program: the events open to the caller, signing up (or
joining the waiting list) and cancelling the caller's sign-up."""

from flask import jsonify
from flask import request as http

from models import Station, db
from models.station_event import HOLDING_STATES
from models.types import utcnow
from server.api import bp
from server.api.appointments import ID, actor_of, caller, caller_key
from server.api.auth import limit_writes, require_session
from server.api.errors import ApiError
from server.api.idempotency import answer, idempotent
from server.api.station_event_shapes import Event, EventList, EventListQuery, EventSignupRequest
from server.api.texts import SIGNUP_NONE, STATION_ID_INVALID, STATION_NOT_FOUND
from server.api.validation import json_object, named_fields, parsed, parsed_query
from server.operations.appointments.station_events import (
    cancel_signup,
    get_event,
    open_events_for,
    sign_up,
    signups_of,
)


@bp.get("/events")
@require_session
def list_events():
    query = parsed_query(EventListQuery, lambda name, given: STATION_ID_INVALID)
    person = caller()
    signups = _latest_signups(person)
    events = {event.id: event for event in open_events_for(person, _station(person, query.station_id))}
    for signup in signups.values():
        if signup.state in HOLDING_STATES and signup.event.ends_at > utcnow():
            events.setdefault(signup.event_id, signup.event)
    ordered = sorted(events.values(), key=lambda event: (event.starts_at, event.id))
    items = [Event.of(event, signups.get(event.id)) for event in ordered]
    return jsonify(EventList(items=items).model_dump())


@bp.post(f"/events/<{ID}:event_id>/signup")
@require_session
@limit_writes
@idempotent(caller_key)
def sign_up_for_event(event_id):
    person = caller()
    event = get_event(event_id)
    wanted = parsed(EventSignupRequest, json_object() if http.content_length else {})
    with named_fields():
        signup = sign_up(person, event, "miniapp", subscribed=wanted.subscribed)
    return answer(Event.of(event, signup).model_dump(), 201)


@bp.post(f"/events/<{ID}:event_id>/cancel")
@require_session
@limit_writes
@idempotent(caller_key)
def cancel_event_signup(event_id):
    person = caller()
    event = get_event(event_id)
    signup = _latest_signups(person).get(event.id)
    if signup is None or signup.state not in ("signed_up", "waitlisted"):
        raise ApiError(404, SIGNUP_NONE)
    cancel_signup(signup, actor_of(person))
    return answer(Event.of(event, signup).model_dump())


def _latest_signups(person):
    """{event id: the caller's latest sign-up to it}."""
    latest = {}
    for signup in signups_of(person):  # newest first
        latest.setdefault(signup.event_id, signup)
    return latest


def _station(person, station_id):
    """The registration's station; else the one the caller chose, if any."""
    if person.veteran is not None and person.veteran.station is not None:
        return person.veteran.station
    if station_id is None:
        return None
    station = db.session.get(Station, station_id)
    if station is None or not station.active:
        raise ApiError(400, STATION_NOT_FOUND, fields={"station_id": STATION_NOT_FOUND})
    return station
