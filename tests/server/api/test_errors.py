import pytest

from server.api import dictionaries
from tests.server.api.support import error_of


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("GET", "/api/v1/no-such-thing", 404, "not_found"),
        ("GET", "/api/v2/profile", 404, "not_found"),
        ("DELETE", "/api/v1/profile", 405, "method_not_allowed"),
        ("GET", "/api/v1/auth/login", 405, "method_not_allowed"),
    ],
)
def test_routing_errors_under_api_are_json_in_the_documented_shape(client, method, path, status, code):
    response = client.open(path, method=method)
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code and error["fields"] == {}
    assert all("\u4e00" <= ch <= "\u9fff" for ch in error["message"][:2])  # Chinese, not werkzeug's English


def test_a_body_that_is_not_a_json_object_is_a_400(client, login):
    headers = login()
    for data, content_type in (("{", "application/json"), ("[1]", "application/json"), ("a=1", "text/plain")):
        response = client.put("/api/v1/profile", data=data, content_type=content_type, headers=headers)
        assert response.status_code == 400 and error_of(response)["code"] == "bad_request"


def test_an_oversized_body_is_a_413(client):
    response = client.post("/api/v1/auth/login", json={"code": "x" * 70_000})
    assert response.status_code == 413 and error_of(response)["code"] == "payload_too_large"


def test_an_unexpected_failure_is_a_polite_500_without_details(client, monkeypatch):
    def broken():
        raise RuntimeError("database on fire")

    monkeypatch.setattr(dictionaries, "active_categories", broken)
    response = client.get("/api/v1/categories")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error" and "fire" not in response.get_data(as_text=True)


def test_other_paths_keep_their_own_error_format(client):
    assert client.get("/healthz-nope").get_json()["error"]["code"] == 404
