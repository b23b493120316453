"""Every /api error is JSON of one shape: {"error": {"code", "message", "fields"}}.

`code` is a stable string the mini-program can branch on; `message` is Chinese, fit to show;
`fields` maps each bad input field to what is wrong with it (empty when no field is to blame).
"""

import logging

from flask import jsonify, request
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from models import db
from server.api.texts import CONCURRENT_CHANGE, STATUS_MESSAGES
from server.database_errors import DATABASE_UNAVAILABLE, roll_back_quietly
from server.gateway import GatewayError
from server.operations.core.errors import Conflict, DomainError, InvalidState, NotFound
from server.operations.veterans.registrations import ValidationFailed

log = logging.getLogger(__name__)
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "invalid_state",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    502: "wechat_unavailable",
}
DOMAIN_CODES = {
    ValidationFailed: "validation_failed",
    InvalidState: "invalid_state",
    Conflict: "conflict",
    NotFound: "not_found",
}
# Codes given beside the ones a status implies; the OpenAPI document lists them all.
SPECIFIC_CODES = (
    "invalid_token",
    "invalid_code",
    "invalid_link_code",
    "consent_required",
    "no_profile",
    "conflict",
    "duplicate",
)
ALL_CODES = (*CODES.values(), *SPECIFIC_CODES)


class ApiError(Exception):
    """An answer the API chooses to give: status, Chinese message, and the fields to blame.
    `extra` adds documented keys to the error object (the existing number of a duplicate)."""

    def __init__(self, status, message=None, code=None, fields=None, headers=None, extra=None):
        super().__init__(message or STATUS_MESSAGES.get(status, ""))
        self.status, self.message, self.code = status, message, code
        self.fields, self.headers, self.extra = fields or {}, headers or {}, extra or {}


def error_response(status, message=None, code=None, fields=None, headers=None, extra=None):
    error = {
        "code": code or CODES.get(status, "error"),
        "message": message or STATUS_MESSAGES.get(status, STATUS_MESSAGES[500]),
        "fields": {_encodable(name): text for name, text in (fields or {}).items()},
        **(extra or {}),
    }
    response = jsonify({"error": error})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    response.headers.update(headers or {})
    return response


def _encodable(name):
    # A field named by the caller may hold a lone surrogate ("\ud800"), which UTF-8 cannot carry.
    return name.encode("utf-8", "backslashreplace").decode()


def fallback_response(status, fields=None):
    """For /api requests no blueprint view took (an unknown path, a wrong method): server/errors.py."""
    return error_response(status, fields=fields)


def install(bp):
    bp.register_error_handler(ApiError, _api_error)
    bp.register_error_handler(DomainError, _domain_error)
    bp.register_error_handler(GatewayError, _gateway_error)
    bp.register_error_handler(IntegrityError, _integrity_error)
    bp.register_error_handler(OperationalError, _database_unavailable)
    bp.register_error_handler(InterfaceError, _database_unavailable)
    bp.register_error_handler(HTTPException, _http_error)
    bp.register_error_handler(Exception, _unexpected)


def _api_error(exc):
    return error_response(exc.status, exc.message, exc.code, exc.fields, exc.headers, exc.extra)


def _domain_error(exc):
    fields = getattr(exc, "fields", None)
    if fields is None and exc.details.get("field"):
        fields = {exc.details["field"]: exc.message}
    code = next((c for cls, c in DOMAIN_CODES.items() if isinstance(exc, cls)), None)
    return error_response(exc.status, exc.message, code, fields)


def _gateway_error(exc):
    log.warning("WeChat call failed during an API request: %s", exc)
    return error_response(502)


def _integrity_error(exc):
    # Two requests of one user raced to create the same row (a double tap on "save").
    db.session.rollback()
    log.warning("integrity error during an API request: %s", exc.orig)
    return error_response(409, CONCURRENT_CHANGE, code="conflict")


def _database_unavailable(exc):
    log.warning("database unavailable on %s %s: %s", request.method, request.path, type(exc.orig).__name__)
    roll_back_quietly()
    return error_response(503, DATABASE_UNAVAILABLE, code="database_unavailable")


def _http_error(exc):
    werkzeug_default = exc.description == type(exc).description
    message = None if werkzeug_default or exc.code >= 500 else exc.description
    return error_response(exc.code, message)


def _unexpected(exc):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500)
