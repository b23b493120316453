"""A reply WeChat took but did not answer in time (our timeout, then WeChat carries it out anyway):
it may have been delivered, so it is never sent again on its own. The request's page shows it as
未确认 with a 重新发送 button; a click sends it once, a second click sends nothing. A connection that
never opened is still retried."""

import time

import pytest
from sqlalchemy import select

from models import AuditEntry, Notification
from server.jobs.notifications import resend_pending_notifications
from tests.server.console import test_request_actions as actions
from tests.support.network import csrf_token, login

CUSTOM = "/cgi-bin/message/custom/send"
REPLY = "您好，已安排村干部上门了解情况。"
filed = actions.filed  # a request from oAct1 at 甲一甲村站
body_of, post, reply_delivery = actions.body_of, actions.post, actions.reply_delivery


def custom_sends(wechat, count):
    """The customer-service messages the sandbox took, once `count` of them are in (a slow answer
    is recorded when the sandbox finishes it, after our timeout)."""
    deadline = time.monotonic() + 10
    while len(sent := wechat.outbox(path=CUSTOM)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return sent


def resend_url(client, request_id):
    page = body_of(client, request_id)
    start = page.index('action="', page.index("kind-reply")) + len('action="')
    return page[start : page.index('"', start)], csrf_token(page)


@pytest.fixture
def unconfirmed(client, filed, wechat, jobs, db, settings):
    """A reply sent while WeChat answers a second after our timeout: it reaches the person all the same."""
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    wechat.faults(timeout_paths=[CUSTOM], timeout_seconds=settings.http_timeout + 1)
    login(client, "clerk_a1a")
    assert post(client, filed, "reply", body=REPLY).status_code == 302
    jobs.run()
    wechat.clear_faults()
    jobs.run_retries()  # a retry would go through at once now
    assert len(custom_sends(wechat, 1)) == 1
    return filed


def test_a_reply_wechat_answers_too_late_is_unconfirmed_and_not_sent_again(
    client, unconfirmed, wechat, jobs, db
):
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.state, notification.attempts) == ("unconfirmed", 1)
    jobs.run_retries()
    resend_pending_notifications()  # the periodic sweep leaves it too
    jobs.run()  # a send would be in the outbox now: no fault holds up WeChat's answer any more
    assert len(wechat.outbox(path=CUSTOM)) == 1  # the veteran got it once
    assert reply_delivery(body_of(client, unconfirmed)).startswith("未确认")
    assert "重新发送" in body_of(client, unconfirmed)


def test_resending_an_unconfirmed_reply_sends_it_once(client, unconfirmed, wechat, jobs, db):
    url, token = resend_url(client, unconfirmed)
    assert url.startswith(f"/console/requests/{unconfirmed}/replies/") and url.endswith("/resend")
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    again = client.post(url, data={"csrf_token": token})  # a second click, from the same page
    assert again.status_code == 409 and "不会再次发送" in again.get_data(as_text=True)
    jobs.run()
    sent = custom_sends(wechat, 2)
    assert len(sent) == 2 and REPLY in sent[1]["body"]["text"]["content"]
    page = body_of(client, unconfirmed)
    assert reply_delivery(page) == "已通过客服消息送达" and "重新发送</button>" not in page
    resent = db.session.scalars(select(AuditEntry).filter_by(action="request.resend")).all()
    assert len(resent) == 1


def test_a_resend_needs_the_forms_token(client, unconfirmed, jobs, wechat):
    url, _token = resend_url(client, unconfirmed)
    assert client.post(url).status_code == 400
    jobs.run()
    assert len(wechat.outbox(path=CUSTOM)) == 1


def test_a_reply_that_never_reached_wechat_is_retried(client, filed, wechat, jobs, db, wechat_outage):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    wechat_outage.stop()
    login(client, "clerk_a1a")
    post(client, filed, "reply", body=REPLY)
    jobs.run()
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.state, notification.attempts) == ("pending", 1)
    assert reply_delivery(body_of(client, filed)).startswith("暂未送达，稍后自动重发")
    wechat_outage.start()
    jobs.run_retries()
    assert len(wechat.outbox(path=CUSTOM)) == 1
    assert reply_delivery(body_of(client, filed)) == "已通过客服消息送达"


def test_a_token_fetch_that_times_out_sends_nothing_so_the_reply_is_retried(
    client, filed, wechat, jobs, db, settings
):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    wechat.faults(timeout_paths=["/cgi-bin/stable_token"], timeout_seconds=settings.http_timeout + 1)
    login(client, "clerk_a1a")
    post(client, filed, "reply", body=REPLY)
    jobs.run()
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.state, notification.attempts) == ("pending", 1)
    wechat.clear_faults()
    jobs.run_retries()
    assert len(wechat.outbox(path=CUSTOM)) == 1
    assert reply_delivery(body_of(client, filed)) == "已通过客服消息送达"


def test_the_read_only_page_of_a_request_passed_up_offers_no_resend(client, unconfirmed):
    assert post(client, unconfirmed, "pass-up", note="需要街道协调").status_code == 302
    page = body_of(client, unconfirmed)  # the clerk worked on it: they may still read it
    assert reply_delivery(page).startswith("未确认") and "重新发送</button>" not in page
