"""What the request endpoints read: JSON bodies and query parameters, typed before the operations
see them (every mistyped field at once), and the operations' field errors as 422s naming the field.
"""

import re
from contextlib import contextmanager

from flask import request

from models import RequestCategory, Station, db
from server.api.errors import ApiError
from server.api.profile_input import MAX_ID
from server.api.texts import (
    BAD_FIELD_TYPE,
    BAD_FLAG,
    CURSOR_INVALID,
    FIELD_REQUIRED,
    LIMIT_INVALID,
    REQUEST_LABELS,
    STATION_INVALID,
    UNKNOWN_FIELD,
)
from server.operations.core.errors import DomainError
from server.operations.veterans.registrations import ValidationFailed

# Each body: field → its JSON type; REQUIRED lists what must be there.
FILING = {
    "category_id": "id",
    "content": "text",
    "title": "text",
    "station_id": "id",
    "allow_duplicate": "flag",
}
MESSAGE = {"text": "text"}
WITHDRAWAL = {"reason": "text"}
RATING = {"rating": "text", "comment": "text"}
REQUIRED = {"category_id", "content", "text", "rating"}
TEXT_LIMIT = 10_000  # far above any operation's own limit; keeps a huge string out of the cleaners
PAGE_SIZE, PAGE_MAX = 20, 50
MAX_CURSOR = 2**63 - 1
DIGITS = re.compile(r"^[0-9]{1,19}$")


def typed_body(body, fields):
    """{field: value} of `body` for the given `fields`; ValidationFailed naming every unknown,
    mistyped or missing one. A null optional field counts as absent."""
    values, errors = {}, {}
    for name, raw in body.items():
        if name not in fields:
            errors[name] = UNKNOWN_FIELD
        elif raw is not None:
            value = TYPES[fields[name]](raw)
            if value is None:
                wrong = BAD_FLAG if fields[name] == "flag" else BAD_FIELD_TYPE
                errors[name] = wrong.format(label=REQUEST_LABELS[name])
            values[name] = value
    for name in REQUIRED.intersection(fields):
        if body.get(name) is None:
            errors[name] = FIELD_REQUIRED.format(label=REQUEST_LABELS[name])
    if errors:
        raise ValidationFailed(errors)
    return values


def _id(raw):
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,10}", raw):
        raw = int(raw)
    return raw if type(raw) is int and 1 <= raw <= MAX_ID else None


def _text(raw):
    if not isinstance(raw, str) or len(raw) > TEXT_LIMIT:
        return None
    try:
        raw.encode()
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") cannot be stored
        return None
    return raw


def _flag(raw):
    return raw if isinstance(raw, bool) else None


TYPES = {"id": _id, "text": _text, "flag": _flag}


@contextmanager
def named_fields():
    """A plain DomainError naming a field becomes a 422 naming the field the caller sent;
    NotFound, Conflict and InvalidState keep their own answers."""
    try:
        yield
    except DomainError as exc:
        field = exc.details.get("field")
        if type(exc) is not DomainError or not field:
            raise
        raise ValidationFailed({field: exc.message}) from None


def category_by_id(category_id):
    """The category, or None (file_request names category_id when it is missing or retired)."""
    return db.session.get(RequestCategory, category_id)


def village_by_id(station_id):
    station = db.session.get(Station, station_id)
    if station is None or not station.active or station.level != "village":
        raise ValidationFailed({"station_id": STATION_INVALID})
    return station


def page_of_list():
    """(limit, cursor) from the query: GET /requests?limit=20&cursor=<next_cursor of the last page>."""
    errors, limit, cursor = {}, PAGE_SIZE, None
    raw_limit, raw_cursor = request.args.get("limit"), request.args.get("cursor")
    if raw_limit is not None:
        limit = int(raw_limit) if DIGITS.match(raw_limit) else 0
        if not 1 <= limit <= PAGE_MAX:
            errors["limit"] = LIMIT_INVALID.format(high=PAGE_MAX)
    if raw_cursor:
        cursor = int(raw_cursor) if DIGITS.match(raw_cursor) else 0
        if not 1 <= cursor <= MAX_CURSOR:
            errors["cursor"] = CURSOR_INVALID
    if errors:
        raise ApiError(400, next(iter(errors.values())), fields=errors)
    return limit, cursor
