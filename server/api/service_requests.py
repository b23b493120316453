"""The caller's requests (诉求) from the mini-program: file one, list them, read one with its public
timeline, add a message or a file, withdraw, rate. Each write commits here, at the edge."""

import re
from contextlib import contextmanager

from flask import Response, g, jsonify
from flask import request as http
from werkzeug.exceptions import RequestEntityTooLarge

from models import RequestCategory as CategoryRecord
from models import Station, db
from server.api import UPLOAD_LIMIT, bp
from server.api.auth import limit_writes, require_session
from server.api.errors import ApiError
from server.api.service_request_shapes import (
    PAGE_MAX,
    Attachment,
    Request,
    RequestCategory,
    RequestCategoryList,
    RequestFiling,
    RequestListQuery,
    RequestMessage,
    RequestPage,
    RequestRating,
    RequestSummary,
    RequestWithdrawal,
)
from server.api.texts import (
    ATTACHMENT_CLOSED,
    CURSOR_INVALID,
    FILE_REQUIRED,
    KIND_REQUIRED,
    LIMIT_INVALID,
    REQUEST_NOT_FOUND,
    STATION_INVALID,
    STATION_REQUIRED,
    UPLOAD_NOT_MULTIPART,
    UPLOAD_TOO_LARGE,
)
from server.api.validation import json_object, named_fields, parsed, parsed_query
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
PAGE_MESSAGES = {"limit": LIMIT_INVALID.format(high=PAGE_MAX), "cursor": CURSOR_INVALID}


@bp.get("/request-categories")
def request_categories():
    items = [RequestCategory.of(category) for category in active_request_categories()]
    return jsonify(RequestCategoryList(items=items).model_dump())


@bp.post("/requests")
@require_session
@limit_writes
def file_own_request():
    """File a request for the caller; a same-category one still open from the last days is a 409."""
    filing = parsed(RequestFiling, json_object())
    person = _person()
    station = _filing_station(person, filing.station_id)
    with named_fields(), _duplicate_offered():
        filed = file_request(
            person,
            _category(filing.category_id),
            filing.content,
            "miniapp",
            _actor(person),
            title=filing.title,
            station=station,
            allow_duplicate=filing.allow_duplicate,
        )
    db.session.commit()
    return _shown(filed), 201


@bp.get("/requests")
@require_session
def list_own_requests():
    """GET /requests?limit=20&cursor=<next_cursor of the last page>, newest first."""
    query = parsed_query(RequestListQuery, lambda name, given: PAGE_MESSAGES[name])
    page = requests_of(_person(), limit=query.limit + 1, before=query.cursor)
    items = page[: query.limit]
    next_cursor = str(items[-1].id) if len(page) > query.limit else None
    originals = originals_of(items)
    page = RequestPage(items=[RequestSummary.of(r, originals) for r in items], next_cursor=next_cursor)
    return jsonify(page.model_dump())


@bp.get("/requests/<number>")
@require_session
def get_own_request(number):
    return _shown(_own(number, _person()))


@bp.post("/requests/<number>/messages")
@require_session
@limit_writes
def add_own_message(number):
    person = _person()
    own = _own(number, person)
    message = parsed(RequestMessage, json_object())
    with named_fields():
        add_person_message(own, person, message.text, _actor(person))
    db.session.commit()
    return _shown(own), 201


@bp.post("/requests/<number>/withdraw")
@require_session
@limit_writes
def withdraw_own_request(number):
    person = _person()
    own = _own(number, person)
    withdrawal = parsed(RequestWithdrawal, json_object() if http.content_length else {})
    with named_fields():
        withdraw_request(own, _actor(person), reason=withdrawal.reason)
    db.session.commit()
    return _shown(own)


@bp.post("/requests/<number>/rating")
@require_session
@limit_writes
def rate_own_request(number):
    person = _person()
    own = _own(number, person)
    rating = parsed(RequestRating, json_object())
    with named_fields():
        rate_request(own, rating.rating, rating.comment, _actor(person))
    db.session.commit()
    return _shown(own)


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
    return jsonify(Attachment.of(attachment).model_dump()), 201


@bp.get(f"/requests/<number>/attachments/<int(min=1, max={MAX_ATTACHMENT_ID}):attachment_id>")
@require_session
def download_own_attachment(number, attachment_id):
    attachment, data = content_of(_own(number, _person()), attachment_id)
    response = Response(data, mimetype=attachment.content_type)
    response.headers["Cache-Control"] = "private, no-store"  # it may show an ID card or a diagnosis
    return response


def _shown(request):
    return jsonify(Request.of(request).model_dump())


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


def _category(category_id):
    """The category, or None (file_request names category_id when it is missing or retired)."""
    return db.session.get(CategoryRecord, category_id)


def _filing_station(person, station_id):
    """Where the request goes: None lets file_request route it to the registration's station; a
    caller without one names a village."""
    chosen = _village(station_id) if station_id is not None else None
    if station_of(person) is not None:
        return None
    if chosen is None:
        raise ValidationFailed({"station_id": STATION_REQUIRED})
    return chosen


def _village(station_id):
    station = db.session.get(Station, station_id)
    if station is None or not station.active or station.level != "village":
        raise ValidationFailed({"station_id": STATION_INVALID})
    return station


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
