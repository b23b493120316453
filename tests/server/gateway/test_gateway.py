import threading
import time

import fakeredis
import pytest
import redis as redis_lib

from server.gateway import Gateway, MassSend
from server.gateway.errors import (
    Busy,
    LimitReached,
    OutOfWindow,
    RateLimited,
    Refused,
    TokenError,
    Unreachable,
    UserRefused,
)
from tests.support.sandbox import small_jpeg


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
        (45011, RateLimited),
        (45059, LimitReached),
        (47003, Refused),
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


@pytest.fixture
def followers(wechat):
    openids = [f"oGw{n}" for n in range(60)]
    wechat.add_followers(openids)
    return openids


def test_tags_are_created_listed_given_in_batches_and_taken_back(app_ctx, wechat, followers):
    gateway = app_ctx.extensions["gateway"]
    tag_id = gateway.create_tag("退役士兵")
    for start in range(0, 60, 50):
        gateway.tag_users(tag_id, followers[start : start + 50])
    gateway.untag_users(tag_id, followers[:10])
    assert gateway.list_tags() == [{"id": tag_id, "name": "退役士兵", "count": 50}]
    gateway.delete_tag(tag_id)
    assert gateway.list_tags() == []


def test_tag_limits_are_refusals_or_limits_a_caller_tells_apart(app_ctx, followers):
    gateway = app_ctx.extensions["gateway"]
    with pytest.raises(Refused) as caught:
        gateway.tag_users(gateway.create_tag("太多"), followers[:51])
    assert caught.value.errcode == 40032
    with pytest.raises(Refused):
        gateway.create_tag("太多")
    tags = [gateway.create_tag(f"专题{n}") for n in range(20)]
    for tag_id in tags:
        gateway.tag_users(tag_id, followers[:1])
    with pytest.raises(LimitReached) as caught:
        gateway.tag_users(gateway.create_tag("第二十一个"), followers[:2])
    assert caught.value.errcode == 45059
    for n in range(78):
        gateway.create_tag(f"站点{n}")
    with pytest.raises(LimitReached) as caught:
        gateway.create_tag("第一百零一个")
    assert caught.value.errcode == 45056


def test_a_text_mass_send_by_tag_or_list_is_sent_once_per_clientmsgid(app_ctx, wechat, followers):
    gateway = app_ctx.extensions["gateway"]
    tag_id = gateway.create_tag("优抚对象")
    gateway.tag_users(tag_id, followers[:3])
    by_tag = gateway.mass_send_text("抚恤补助20日前发放", tag_id=tag_id, clientmsgid="push-1")
    again = gateway.mass_send_text("抚恤补助20日前发放", tag_id=tag_id, clientmsgid="push-1")
    assert again == MassSend(by_tag.msg_id, repeated=True) and not by_tag.repeated
    listed = gateway.mass_send_text("免费体检通知", openids=followers[3:5], clientmsgid="push-2")
    everyone = gateway.mass_send_text("政策宣讲", to_all=True, clientmsgid="push-3")
    received = wechat.mass_received()
    assert {o: received[o] for o in followers[:5]} == {
        **{o: [by_tag.msg_id, everyone.msg_id] for o in followers[:3]},
        **{o: [listed.msg_id, everyone.msg_id] for o in followers[3:5]},
    }
    with pytest.raises(ValueError):
        gateway.mass_send_text("两个对象", tag_id=tag_id, openids=followers[:2], clientmsgid="push-4")
    with pytest.raises(Refused):
        gateway.mass_send_text("一人", openids=followers[:1], clientmsgid="push-5")


def test_news_is_uploaded_with_its_cover_and_mass_sent(app_ctx, wechat, followers):
    gateway = app_ctx.extensions["gateway"]
    thumb = gateway.upload_thumb(small_jpeg())
    media_id = gateway.upload_news(
        [{"title": "优待证办理指南", "content": "<p>携带证件到站办理。</p>", "thumb_media_id": thumb}]
    )
    sent = gateway.mass_send_news(media_id, openids=followers[:2], clientmsgid="news-1")
    assert wechat.mass_send(sent.msg_id)["delivered"] == followers[:2]
    with pytest.raises(Refused) as caught:
        gateway.mass_send_news("gone", openids=followers[:2], clientmsgid="news-2")
    assert caught.value.errcode == 40007


def test_a_subscribe_message_needs_the_user_s_tap_and_fitting_values(app_ctx, wechat):
    gateway = app_ctx.extensions["gateway"]
    wechat.user("oGwMini")
    values = {"thing1": "政策咨询", "time2": "2026年12月8日 09:30"}
    with pytest.raises(UserRefused) as caught:
        gateway.send_subscribe("oGwMini_mp", "tmpl-booking", values, page="pages/bookings/index")
    assert caught.value.errcode == 43101
    wechat.grant_subscribe("oGwMini_mp", "tmpl-booking")
    with pytest.raises(Refused) as caught:
        gateway.send_subscribe("oGwMini_mp", "tmpl-booking", values | {"thing1": "很" * 21})
    assert caught.value.errcode == 47003
    gateway.send_subscribe("oGwMini_mp", "tmpl-booking", values, page="pages/bookings/index")
    sent = wechat.outbox(path="/cgi-bin/message/subscribe/send")[-1]["body"]
    assert sent["page"] == "pages/bookings/index" and sent["data"]["thing1"] == {"value": "政策咨询"}
