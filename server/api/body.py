"""Reading request bodies: one JSON object, or a 400 that says so."""

from flask import request

from server.api.errors import ApiError
from server.api.texts import NOT_JSON_OBJECT


def json_object():
    """The body as a dict. Bad JSON, another content type or a non-object is a 400; too big a 413."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, NOT_JSON_OBJECT)
    return data
