"""Assertions and bodies shared by the API tests."""

from tests.support.veterans import values


def error_of(response):
    """The `error` object of a JSON error answer, after checking its documented shape."""
    body = response.get_json()
    assert response.mimetype == "application/json" and set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body
    return body["error"]


def form(station_id, serial=1, **overrides):
    """A registration as the mini-program sends it: JSON strings and numbers, dates as YYYY-MM-DD."""
    raw = values(station_id, serial=serial, **overrides)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in raw.items()}
