"""What the request endpoints read besides their JSON bodies (server/api/service_request_shapes.py):
the list's query parameters, the category and station a filing names, and the operations' field
errors as 422s naming the field.
"""

import re
from contextlib import contextmanager

from flask import request

from models import RequestCategory, Station, db
from server.api.errors import ApiError
from server.api.texts import (
    CURSOR_INVALID,
    LIMIT_INVALID,
    STATION_INVALID,
)
from server.operations.errors import DomainError
from server.operations.registrations import ValidationFailed

PAGE_SIZE, PAGE_MAX = 20, 50
MAX_CURSOR = 2**63 - 1
DIGITS = re.compile(r"^[0-9]{1,19}$")


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
