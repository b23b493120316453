"""The limits key on the real client: behind TRUSTED_PROXIES proxies, the address the nearest proxy
saw; with none, X-Forwarded-For is whatever a client wrote and is ignored. Redis down: they let
requests through and say so in the log."""

import logging
from types import SimpleNamespace

import pytest

from server import create_app, ratelimit
from tests.support.network import login

PROXY = "10.0.0.5"  # the one address every request comes from behind the TLS proxy


@pytest.fixture
def clock(monkeypatch):
    """Hold the windows still, so a window turning over mid-test cannot reset a count."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


@pytest.fixture
def proxied(app, settings):
    """The app as deployed behind one proxy (TRUSTED_PROXIES=1); `app` is asked for so that what
    this one writes to the shared database and Redis is cleaned up after the test."""
    proxied = create_app(settings.replace(trusted_proxies=1))
    proxied.test_client_class = app.test_client_class
    return proxied


def behind_proxy(app, forwarded_for):
    """A browser whose requests reach the app through the proxy, which appends its address."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client


def api_logins(client, count):
    return [client.post("/api/v1/auth/login", json={}).status_code for _ in range(count)]


def test_api_logins_behind_a_proxy_are_limited_per_client(proxied, clock):
    first, second = behind_proxy(proxied, "198.51.100.1"), behind_proxy(proxied, "198.51.100.2")
    assert api_logins(first, 11) == [400] * 10 + [429]
    assert api_logins(second, 10) == [400] * 10


def test_a_client_cannot_escape_the_limit_by_writing_x_forwarded_for_itself(proxied, clock):
    forged = behind_proxy(proxied, "")
    statuses = []
    for n in range(11):  # the proxy appends the real address after whatever the client sent
        forged.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}, 198.51.100.7"
        statuses += api_logins(forged, 1)
    assert statuses == [400] * 10 + [429]


def test_without_trusted_proxies_a_forged_x_forwarded_for_is_ignored(app, clock):
    client = app.test_client()
    statuses = [
        client.post("/api/v1/auth/login", json={}, headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_console_login_failures_behind_a_proxy_throttle_only_their_client(proxied, network, clock):
    attacker, colleague = behind_proxy(proxied, "198.51.100.1"), behind_proxy(proxied, "198.51.100.2")
    for n in range(30):
        assert login(attacker, f"nobody{n}", "wrong-password1").status_code == 401
    assert login(attacker, "clerk_a1a").status_code == 429
    assert login(colleague, "clerk_a1a").status_code == 302


def test_console_login_failures_ignore_a_forged_x_forwarded_for(client, network, clock):
    for n in range(30):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
        assert login(client, f"nobody{n}", "wrong-password1").status_code == 401
    assert login(client, "clerk_a1a").status_code == 429


def test_a_limit_lets_requests_through_when_redis_is_down(app, redis_outage, caplog):
    limit = ratelimit.Limit("test", 1, 60)
    with app.test_request_context():
        assert limit.hit("someone") is None
        redis_outage.stop()
        assert [limit.hit("someone"), limit.reached("someone")] == [None, None]
    assert any(
        r.levelno == logging.WARNING and "letting the request through" in r.getMessage()
        for r in caplog.records
    )
