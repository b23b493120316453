"""The caller's requests (诉求) from the mini-program: file one, list them, read one with its public
timeline, add a message or a file, withdraw, rate. Each write commits here, at the edge."""

import re
from contextlib import contextmanager

from flask import Response, g, jsonify
from flask import request as http
from werkzeug.exceptions import RequestEntityTooLarge

from models import db
from server.api import UPLOAD_LIMIT, bp
from server.api.auth import limit_writes, require_session
from server.api.body import json_object
from server.api.errors import ApiError
from server.api.request_input import (
    FILING,
    MESSAGE,
    RATING,
    WITHDRAWAL,
    category_by_id,
    named_fields,
    page_of_list,
    typed_body,
    village_by_id,
)
from server.api.request_presenters import (
    present_attachment,
    present_category,
    present_request,
    present_summary,
)
from server.api.texts import (
    ATTACHMENT_CLOSED,
    FILE_REQUIRED,
    KIND_REQUIRED,
    REQUEST_NOT_FOUND,
    STATION_REQUIRED,
    UPLOAD_NOT_MULTIPART,
    UPLOAD_TOO_LARGE,
)
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, InvalidState
from server.operations.core.free_text import originals_of
from server.operations.service_requests.attachments import ACCEPTED, content_of, upload_attachment
from server.operations.service_requests.filing import (
    Person,
    active_request_categories,
    add_person_message,
    file_request,
    request_of,
    requests_of,
    station_of,
    withdraw_request,
)
from server.operations.service_requests.rating import rate_request
from server.operations.veterans.registrations import ValidationFailed, registration_for

NUMBER = re.compile(r"[0-9]{4}-[0-9]{7,10}")  # 2026-0001234
MAX_ATTACHMENT_ID = 2**63 - 1


@bp.get("/request-categories")
def request_categories():
    return jsonify(items=[present_category(category) for category in active_request_categories()])


@bp.post("/requests")
@require_session
@limit_writes
def file_own_request():
    """File a request for the caller; a same-category one still open from the last days is a 409."""
    values = typed_body(json_object(), FILING)
    person = _person()
    station = _filing_station(person, values.get("station_id"))
    with named_fields(), _duplicate_offered():
        filed = file_request(
            person,
            category_by_id(values["category_id"]),
            values["content"],
            "miniapp",
            _actor(person),
            title=values.get("title"),
            station=station,
            allow_duplicate=values.get("allow_duplicate", False),
        )
    db.session.commit()
    return jsonify(present_request(filed)), 201


@bp.get("/requests")
@require_session
def list_own_requests():
    limit, cursor = page_of_list()
    page = requests_of(_person(), limit=limit + 1, before=cursor)
    items = page[:limit]
    next_cursor = str(items[-1].id) if len(page) > limit else None
    originals = originals_of(items)
    return jsonify(items=[present_summary(r, originals) for r in items], next_cursor=next_cursor)


@bp.get("/requests/<number>")
@require_session
def get_own_request(number):
    return jsonify(present_request(_own(number, _person())))


@bp.post("/requests/<number>/messages")
@require_session
@limit_writes
def add_own_message(number):
    person = _person()
    own = _own(number, person)
    values = typed_body(json_object(), MESSAGE)
    with named_fields():
        add_person_message(own, person, values["text"], _actor(person))
    db.session.commit()
    return jsonify(present_request(own)), 201


@bp.post("/requests/<number>/withdraw")
@require_session
@limit_writes
def withdraw_own_request(number):
    person = _person()
    own = _own(number, person)
    values = typed_body(json_object() if http.content_length else {}, WITHDRAWAL)
    with named_fields():
        withdraw_request(own, _actor(person), reason=values.get("reason"))
    db.session.commit()
    return jsonify(present_request(own))


@bp.post("/requests/<number>/rating")
@require_session
@limit_writes
def rate_own_request(number):
    person = _person()
    own = _own(number, person)
    values = typed_body(json_object(), RATING)
    with named_fields():
        rate_request(own, values["rating"], values.get("comment"), _actor(person))
    db.session.commit()
    return jsonify(present_request(own))


@bp.post("/requests/<number>/attachments")
@require_session
@limit_writes
def upload_own_attachment(number):
    """A photo, voice recording or PDF (multipart/form-data: `file`, `kind`), checked by its bytes."""
    person = _person()
    own = _own(number, person)
    kind, data = _upload()
    if not own.is_open:
        raise InvalidState(ATTACHMENT_CLOSED)
    with named_fields():
        attachment = upload_attachment(own, kind, data, _actor(person))
    db.session.commit()
    return jsonify(present_attachment(attachment)), 201


@bp.get(f"/requests/<number>/attachments/<int(min=1, max={MAX_ATTACHMENT_ID}):attachment_id>")
@require_session
def download_own_attachment(number, attachment_id):
    attachment, data = content_of(_own(number, _person()), attachment_id)
    response = Response(data, mimetype=attachment.content_type)
    response.headers["Cache-Control"] = "private, no-store"  # it may show an ID card or a diagnosis
    return response


def _person():
    """The caller as a Person: their registration (by mini-program openid, then unionid, as GET
    /profile finds it) and its official-account openid, so updates reach them on WeChat too."""
    session = g.api_session
    veteran = registration_for(miniapp_openid=session.openid, unionid=session.unionid)
    return Person(
        veteran=veteran,
        miniapp_openid=session.openid,
        openid=veteran.openid if veteran is not None else None,
        name=veteran.name if veteran is not None else None,
    )


def _actor(person):
    return Actor.person(person.display_name)


def _own(number, person):
    if not NUMBER.fullmatch(number):
        raise ApiError(404, REQUEST_NOT_FOUND)
    return request_of(person, number)


def _filing_station(person, station_id):
    """Where the request goes: None lets file_request route it to the registration's station; a
    caller without one names a village."""
    chosen = village_by_id(station_id) if station_id is not None else None
    if station_of(person) is not None:
        return None
    if chosen is None:
        raise ValidationFailed({"station_id": STATION_REQUIRED})
    return chosen


@contextmanager
def _duplicate_offered():
    """file_request's Conflict for a recent same-category request, as a 409 the app can act on:
    add to that request (its number is in the answer) or file again with allow_duplicate."""
    try:
        yield
    except Conflict as exc:
        if "number" not in exc.details:
            raise
        raise ApiError(409, exc.message, code="duplicate", extra={"number": exc.details["number"]}) from None


def _upload():
    if http.mimetype != "multipart/form-data":
        raise ApiError(415, UPLOAD_NOT_MULTIPART)
    try:
        upload, kind = http.files.get("file"), http.form.get("kind")
    except RequestEntityTooLarge:
        raise ApiError(413, UPLOAD_TOO_LARGE.format(mb=UPLOAD_LIMIT // (1024 * 1024))) from None
    errors = {}
    if upload is None:
        errors["file"] = FILE_REQUIRED
    if kind not in ACCEPTED:  # checked first: the size limit depends on the kind
        errors["kind"] = KIND_REQUIRED
    if errors:
        raise ValidationFailed(errors)
    return kind, upload.read()
