from types import SimpleNamespace

import pytest

from server import ratelimit
from server.operations.veterans.privacy import PRIVACY_VERSION
from tests.server.api.support import error_of


@pytest.fixture
def clock(monkeypatch):
    """Hold the windows still, so a minute turning over mid-test cannot reset a count."""
    now = SimpleNamespace(value=1_800_000_000.0)
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now.value))
    return now


def test_eleven_logins_a_minute_from_one_address_are_refused(client, issue, clock):
    for _ in range(10):
        assert client.post("/api/v1/auth/login", json={"code": "wrong"}).status_code == 401
    response = client.post("/api/v1/auth/login", json={"code": issue()})
    assert response.status_code == 429
    error = error_of(response)
    assert error["code"] == "rate_limited" and "秒后再试" in error["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    elsewhere = client.post(
        "/api/v1/auth/login", json={"code": issue()}, environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert elsewhere.status_code == 200
    clock.value += 60
    assert client.post("/api/v1/auth/login", json={"code": issue()}).status_code == 200


def test_thirty_writes_a_minute_per_session(client, login, clock):
    headers, other = login("oMini1"), login("oMini2")
    client.put("/api/v1/profile", json={"consent_version": PRIVACY_VERSION}, headers=headers)
    for n in range(29):
        assert (
            client.put("/api/v1/profile", json={"name": f"张{'三四五'[n % 3]}"}, headers=headers).status_code
            == 200
        )
    response = client.post("/api/v1/profile/submit", headers=headers)
    assert response.status_code == 429 and error_of(response)["code"] == "rate_limited"
    assert client.get("/api/v1/profile", headers=headers).status_code == 200  # reading is not limited
    assert (
        client.put("/api/v1/profile", json={"consent_version": PRIVACY_VERSION}, headers=other).status_code
        == 201
    )
