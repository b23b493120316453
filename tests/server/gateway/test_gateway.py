import threading
import time

import fakeredis
import pytest
import redis as redis_lib

from server.gateway import Gateway
from server.gateway.errors import Busy, OutOfWindow, RateLimited, TokenError, Unreachable, UserRefused


def _twin(client, settings):
    """Another connection to the same Redis, as a separate worker process would have."""
    if isinstance(client, fakeredis.FakeRedis):
        return fakeredis.FakeRedis(server=client.connection_pool.connection_kwargs["server"])
    return redis_lib.Redis.from_url(settings.redis_url)


def _token_calls(wechat):
    return [e for e in wechat.outbox() if e["path"] in ("/cgi-bin/stable_token", "/cgi-bin/token")]


@pytest.fixture
def follower(wechat):
    """A user who follows the account and has just written, so customer-service messages may go."""
    wechat.follow("oGate")
    wechat.say("oGate", "你好")
    wechat.clear_outbox()
    return "oGate"


def test_eight_cold_workers_fetch_the_token_exactly_once(app, settings, wechat, follower):
    wechat.faults(latency_ms=200)
    gateways = [Gateway(settings, _twin(app.extensions["redis"], settings)) for _ in range(8)]
    start = threading.Barrier(8)
    tokens, errors = [], []

    def work(gateway):
        start.wait()
        try:
            tokens.append(gateway.official.access_token)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(g,)) for g in gateways]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(tokens)) == 1 and len(tokens) == 8
    assert len(_token_calls(wechat)) == 1


def test_a_revoked_token_is_refreshed_and_the_call_retried_once(app_ctx, wechat, follower):
    gateway = app_ctx.extensions["gateway"]
    gateway.send_text(follower, "第一条")
    wechat.revoke_tokens()
    gateway.send_text(follower, "第二条")
    sends = wechat.outbox(path="/cgi-bin/message/custom/send")
    assert [s["result"] for s in sends] == [0, 40001, 0]
    assert len(_token_calls(wechat)) == 2


def test_a_token_error_is_not_retried_in_a_loop(app_ctx, wechat, follower):
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": 40001})
    with pytest.raises(TokenError):
        app_ctx.extensions["gateway"].send_text(follower, "你好")
    assert len(wechat.outbox(path="/cgi-bin/message/custom/send")) == 2


def test_system_busy_is_retried_then_reported(app_ctx, wechat, follower):
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": -1})
    with pytest.raises(Busy):
        app_ctx.extensions["gateway"].send_text(follower, "你好")
    assert len(wechat.outbox(path="/cgi-bin/message/custom/send")) == 3


@pytest.mark.parametrize(
    "errcode,error",
    [
        (45015, OutOfWindow),
        (45047, OutOfWindow),
        (43101, UserRefused),
        (45009, RateLimited),
        (40003, Exception),
    ],
)
def test_errcodes_map_to_exceptions(app_ctx, wechat, follower, errcode, error):
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": errcode})
    with pytest.raises(error) as caught:
        app_ctx.extensions["gateway"].send_text(follower, "你好")
    assert caught.value.errcode == errcode


def test_outside_the_48_hour_window_is_out_of_window(app_ctx, wechat, follower):
    wechat.advance(48 * 3600 + 1)
    with pytest.raises(OutOfWindow) as caught:
        app_ctx.extensions["gateway"].send_text(follower, "你好")
    assert caught.value.errcode == 45015


def test_a_hanging_wechat_times_out(app_ctx, wechat, follower, settings):
    custom = "/cgi-bin/message/custom/send"
    wechat.faults(timeout_paths=[custom], timeout_seconds=settings.http_timeout + 1)
    started = time.monotonic()
    with pytest.raises(Unreachable):
        app_ctx.extensions["gateway"].send_text(follower, "你好")
    assert time.monotonic() - started < settings.http_timeout + 1
    # WeChat finishes the call all the same: wait for it, or it lands in the next test's outbox
    deadline = time.monotonic() + 10
    while not wechat.outbox(path=custom) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(wechat.outbox(path=custom)) == 1


def test_a_wrong_secret_is_a_token_error(app, settings, wechat):
    gateway = Gateway(settings.replace(wechat_secret="wrong"), _twin(app.extensions["redis"], settings))
    with pytest.raises(TokenError) as caught:
        gateway.official.tokens.get()
    assert caught.value.errcode == 40125
