"""Forged, replayed and misaddressed deliveries to /wechat: what the message mode, the one-body-per-query
rule and the account id refuse, and malformed fields that are a 400 rather than a traceback."""

import logging

import pytest
from sqlalchemy import func, select

from models import InboundMessage
from server.sandbox.push import message_xml


def _post(client, query, body):
    return client.post("/wechat", query_string=query, data=body)


def _inbound_count(db):
    return db.session.scalar(select(func.count()).select_from(InboundMessage))


def _plaintext_with_the_query_of(query, body):
    """The attack: a seen delivery's query string without encrypt_type/msg_signature, any plaintext."""
    forged = {name: value for name, value in query.items() if name not in ("encrypt_type", "msg_signature")}
    return forged, body


@pytest.mark.parametrize("mode", ["safe", "compatible"])
def test_plaintext_forged_with_a_seen_query_string_is_refused(configure, client, push, db, mode):
    configure(wechat_message_mode=mode)
    query, body = push.sign(push.text("oVictim", "你好"), mode=mode)
    assert _post(client, query, body).status_code == 200
    forged = message_xml(push.text("oVictim", "我的信息"))
    response = _post(client, *_plaintext_with_the_query_of(query, forged.encode()))
    assert response.status_code == 403
    assert "我的信息" not in response.get_data(as_text=True)
    assert _inbound_count(db) == 1


@pytest.mark.parametrize(
    "configured,sent,status",
    [
        ("safe", "safe", 200),
        ("safe", "compatible", 200),
        ("safe", "plain", 403),
        ("compatible", "safe", 200),
        ("compatible", "compatible", 200),
        ("compatible", "plain", 200),
        ("plain", "plain", 200),
        ("plain", "compatible", 403),
        ("plain", "safe", 403),
    ],
)
def test_each_mode_accepts_only_its_deliveries(configure, deliver, push, configured, sent, status):
    configure(wechat_message_mode=configured)
    response, reply = deliver(push.text("oUser1", "帮助"), mode=sent)
    assert response.status_code == status
    if status == 200:
        assert "登记建档" in reply["Content"]


@pytest.mark.parametrize("mode", ["safe", "compatible"])
def test_a_body_with_plaintext_and_ciphertext_is_read_only_from_the_ciphertext(configure, client, push, mode):
    configure(wechat_message_mode=mode)
    query, body = push.sign(push.text("oUser1", "帮助"), mode="compatible")
    forged = body.replace(b"oUser1", b"oAttacker", 1).replace("帮助".encode(), "我的信息".encode(), 1)
    assert b"oAttacker" in forged and b"oUser1" not in forged.split(b"<Encrypt>")[0]
    response = _post(client, query, forged)
    assert response.status_code == 200
    reply = push.open_reply(response.data, query)
    assert reply["ToUserName"] == "oUser1"
    assert "登记建档" in reply["Content"]


@pytest.mark.parametrize("mode", ["safe", "compatible", "plain"])
def test_a_retry_with_the_same_body_gets_the_first_reply(configure, client, push, db, mode):
    configure(wechat_message_mode=mode)
    query, body = push.sign(push.text("oUser1", "帮助"), mode=mode)
    first = _post(client, query, body)
    again = _post(client, query, body)
    assert first.status_code == again.status_code == 200
    assert push.open_reply(again.data, query) == push.open_reply(first.data, query)
    assert _inbound_count(db) == 1


@pytest.mark.parametrize("mode", ["compatible", "plain"])
def test_a_seen_query_string_with_another_plaintext_is_refused(configure, client, push, db, mode):
    configure(wechat_message_mode=mode)
    query, body = push.sign(push.text("oUser1", "帮助"), mode="plain")
    assert _post(client, query, body).status_code == 200
    other = message_xml(push.text("oUser1", "我的信息")).encode()
    assert _post(client, query, other).status_code == 403
    assert _inbound_count(db) == 1


@pytest.mark.parametrize("dropped", [(), ("signature",)])
def test_a_seen_safe_mode_query_string_with_another_outer_body_is_refused(client, push, dropped):
    query, body = push.sign(push.text("oUser1", "帮助"))
    assert _post(client, query, body).status_code == 200
    same_ciphertext = body.replace(push.account.encode(), b"gh_elsewhere0", 1)
    assert same_ciphertext != body
    again = {name: value for name, value in query.items() if name not in dropped}
    assert _post(client, again, same_ciphertext).status_code == 403


def test_without_redis_the_replay_check_is_skipped_with_one_log_line(client, push, redis_outage, caplog):
    query, body = push.sign(push.text("oUser1", "帮助"))
    redis_outage.stop()
    with caplog.at_level(logging.WARNING, logger="server.wechat.replay"):
        response = _post(client, query, body)
    assert response.status_code == 200
    assert "登记建档" in push.open_reply(response.data, query)["Content"]
    skipped = [r for r in caplog.records if r.name == "server.wechat.replay"]
    assert len(skipped) == 1 and "replay check skipped" in skipped[0].getMessage()


def test_a_message_to_another_account_is_refused(deliver, push, db):
    response, _ = deliver(push.text("oUser1", "帮助", ToUserName="gh_elsewhere0"))
    assert response.status_code == 403
    assert _inbound_count(db) == 0


def test_any_account_is_accepted_when_no_account_id_is_set(configure, deliver, push):
    configure(wechat_account_id=None)
    response, reply = deliver(push.text("oUser1", "帮助", ToUserName="gh_elsewhere0"))
    assert response.status_code == 200
    assert reply["FromUserName"] == "gh_elsewhere0"


HEAD = "<ToUserName>gh_sandbox0000</ToUserName><FromUserName>oUser1</FromUserName><MsgType>text</MsgType>"


@pytest.mark.parametrize(
    "xml",
    [
        f"<xml>{HEAD}<CreateTime>{'9' * 30}</CreateTime><Content>帮助</Content><MsgId>1</MsgId></xml>",
        f"<xml>{HEAD}<CreateTime>1</CreateTime><Content><a>帮助</a></Content><MsgId>1</MsgId></xml>",
        f"<xml>{HEAD}<CreateTime>1</CreateTime><Content>帮助</Content><Content>x</Content><MsgId>1</MsgId></xml>",
        f'<xml>{HEAD}<CreateTime>1</CreateTime><Content lang="zh">帮助</Content><MsgId>1</MsgId></xml>',
        f"<xml>{HEAD}<CreateTime>1</CreateTime><Content>帮助</Content><MsgId>{'1' * 30}</MsgId></xml>",
        f"<xml>{HEAD}<CreateTime>١٢٣</CreateTime><Content>帮助</Content><MsgId>1</MsgId></xml>",
        f"<xml>{HEAD}<CreateTime>1</CreateTime><Content>帮助</Content><MsgId>²</MsgId></xml>",
        f"<xml>{HEAD}<MsgType>event</MsgType><CreateTime>1</CreateTime><Event>CLICK</Event></xml>",
    ],
    ids=[
        "30-digit-time",
        "nested",
        "repeated",
        "attribute",
        "30-digit-id",
        "arabic-digits",
        "superscript",
        "two-types",
    ],
)
def test_malformed_fields_are_a_400_without_a_traceback(client, push, db, xml, caplog):
    query, body = push.sign_xml(xml, "oUser1")
    with caplog.at_level(logging.INFO):
        response = _post(client, query, body)
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert _inbound_count(db) == 0
