"""Sending pushes against the sandbox: batches of one mass send each, clientmsgids, news, resuming
after a worker is killed (a real process, SIGKILL) with nobody getting it twice and nobody missed."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask import request
from sqlalchemy import select, update

from models import Notification, Push, PushBatch, db
from models.types import utcnow
from server.extensions import gateway
from server.jobs import queues
from server.jobs.notifications import resend_pending_notifications
from server.jobs.pushes import send_push, start_due_pushes
from server.jobs.tags import sync_tags
from server.operations.policies.subscriptions import grant_notice_taps, set_subscriptions
from server.operations.pushes import sending
from server.sandbox.state import Faults
from tests.support.policies import topic, write_article
from tests.support.pushes import follower, push_for, registered
from tests.support.sandbox import wait_for_event

ROOT = Path(__file__).resolve().parents[3]


def _followers(network, wechat, count, prefix="oPush"):
    openids = [f"{prefix}{n:04d}" for n in range(count)]
    wechat.add_followers(openids)
    for openid in openids:
        follower(network, openid, "A1")
    return openids


def _county_push(network, **values):
    """A supervisor's push to county A (submitted: scheduled at once) or, with submit=False, a draft."""
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id], **values)
    db.session.commit()
    return push


def _received(wechat, push):
    """openid -> how many of this push's sends they received."""
    prefix = f"push-{push.id}-"
    ours = {s["msg_id"] for s in wechat.mass_sends() if (s["clientmsgid"] or "").startswith(prefix)}
    return Counter(o for o, ids in wechat.mass_received().items() for msg_id in ids if msg_id in ours)


def _wait_for_counts(push, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if all(b.sent_count is not None for b in db.session.get(Push, push.id).batches):
            return True
        time.sleep(0.05)
    return False


def test_a_push_goes_in_batches_each_with_its_clientmsgid_and_the_callback_counts_them(
    network, wechat, jobs, monkeypatch
):
    monkeypatch.setattr(sending, "BATCH_SIZE", 3)
    openids = _followers(network, wechat, 7)
    push = _county_push(network)
    jobs.run()  # queued when it was approved (a supervisor's own push needs no one else's)
    push = db.session.get(Push, push.id)
    assert push.state == "sent" and [b.size for b in push.batches] == [3, 2, 2]
    sends = [s for s in wechat.mass_sends() if s["clientmsgid"]]
    assert sorted(s["clientmsgid"] for s in sends) == [f"push-{push.id}-{n}" for n in (1, 2, 3)]
    assert _received(wechat, push) == Counter(openids)
    assert _wait_for_counts(push), "MASSSENDJOBFINISH did not reach the callback"
    db.session.refresh(push)
    assert (push.targeted, push.sent, push.filtered, push.failed) == (7, 7, 0, 0)


def test_an_article_goes_as_news_whose_link_is_its_public_page(network, wechat, jobs):
    article = write_article(network, None, published=True)
    _followers(network, wechat, 2)
    link = f"http://console.example/policies/{article.id}"
    push = _county_push(network, text=None, article_id=article.id, link=link)
    jobs.run()
    (send,) = [s for s in wechat.mass_sends() if s["clientmsgid"] == f"push-{push.id}-1"]
    assert send["msgtype"] == "mpnews" and send["delivered"] == 2
    news = wechat.outbox(path="/cgi-bin/media/uploadnews")
    assert news and news[0]["body"]["articles"][0]["content_source_url"] == link
    assert news[0]["body"]["articles"][0]["title"] == article.title


def test_a_batch_whose_worker_died_during_the_call_is_not_sent_twice(network, wechat, jobs, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    openids = _followers(network, wechat, 4)
    push = _county_push(network, submit=False)
    push.state = "scheduled"
    sending.start_push(push)
    first = push.batches[0]
    gateway().mass_send_text(push.text, clientmsgid=first.clientmsgid, openids=sending.openids_of(first))
    first.state = "sending"  # WeChat took it; the worker died before writing down the msg_id
    db.session.commit()
    send_push.enqueue(push.id)
    jobs.run()
    push = db.session.get(Push, push.id)
    assert push.state == "sent" and push.batches[0].repeated and not push.batches[1].repeated
    assert _received(wechat, push) == Counter(openids)


def test_a_push_cancelled_before_it_starts_sends_nothing(network, wechat, jobs):
    _followers(network, wechat, 3)
    push = _county_push(network, submit=False)
    push.state, push.send_at = "cancelled", utcnow()
    db.session.commit()
    send_push.enqueue(push.id)
    start_due_pushes.enqueue()
    jobs.run()
    assert db.session.get(Push, push.id).state == "cancelled" and _received(wechat, push) == Counter()


def test_an_article_withdrawn_before_its_push_starts_is_not_sent(network, wechat, jobs):
    article = write_article(network, None, published=True)
    _followers(network, wechat, 3)
    push = _county_push(network, text=None, article_id=article.id, submit=False)
    push.state = "scheduled"
    article.state = "draft"  # 撤回 after the approval, before the time to send
    db.session.commit()
    send_push.enqueue(push.id)
    jobs.run()
    push = db.session.get(Push, push.id)
    assert (push.state, push.error) == ("failed", "所推送的政策已撤回或已失效，未发送")
    assert _received(wechat, push) == Counter() and not wechat.outbox(path="/cgi-bin/media/uploadnews")


def test_a_worker_killed_mid_push_is_resumed_with_nobody_twice_and_nobody_missed(network, wechat, jobs, env):
    openids = _followers(network, wechat, 40)
    push = _county_push(network, submit=False)
    push.state = "scheduled"
    db.session.commit()
    wechat.faults(latency_ms=300)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.support.push_worker", str(push.id), "5"], env=os.environ | env, cwd=ROOT
    )
    try:
        _wait_until_mid_push(push, worker)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    wechat.clear_faults()
    db.session.rollback()
    assert db.session.get(Push, push.id).state == "sending"
    db.session.get(Push, push.id).beat_at = None  # as the periodic job finds it after a while
    db.session.commit()
    start_due_pushes.enqueue()
    jobs.run()
    push = db.session.get(Push, push.id)
    assert push.state == "sent" and len(push.batches) == 8
    assert _received(wechat, push) == Counter(openids)  # each of the 40 once
    assert len([s for s in wechat.mass_sends() if s["clientmsgid"]]) == 8


class HeldFrom(Faults):
    """Calls to `path` from the `nth` on wait `seconds` in the sandbox (WeChat slow to answer);
    `arrived` is set once the nth has come in whole (its body read): that call has left the worker."""

    def __init__(self, path, nth, seconds):
        self.arrived, self.nth, self.held_for, self.calls = threading.Event(), nth, seconds, 0
        super().__init__(timeout_paths=[path])

    @property
    def timeout_seconds(self):
        request.get_data()  # read in the sandbox's request context, before the hold
        self.calls += 1
        if self.calls < self.nth:
            return 0
        self.arrived.set()
        return self.held_for

    @timeout_seconds.setter
    def timeout_seconds(self, value):
        pass  # the dataclass's default; `held_for` is what the sandbox waits


def test_a_worker_killed_during_a_call_wechat_took_is_resumed_without_sending_it_twice(
    network, wechat, jobs, env, sandbox
):
    openids = _followers(network, wechat, 20)
    push = _county_push(network, submit=False)
    push.state = "scheduled"
    db.session.commit()
    held = HeldFrom("/cgi-bin/message/mass/send", 3, 1.0)
    sandbox.extensions["sandbox"].faults = held
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.support.push_worker", str(push.id), "5"], env=os.environ | env, cwd=ROOT
    )
    try:
        assert held.arrived.wait(60), "the third batch never reached WeChat"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    wechat.clear_faults()
    deadline = time.monotonic() + 10
    while len([s for s in wechat.mass_sends() if s["clientmsgid"]]) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # WeChat finishes the call the worker is no longer waiting for
    (third,) = [s for s in wechat.mass_sends() if s["clientmsgid"] == f"push-{push.id}-3"]
    assert wait_for_event(
        db, "MASSSENDJOBFINISH", f"<MsgID>{third['msg_id']}</MsgID>"
    )  # before its msg_id is ours
    send_push.enqueue(push.id)
    jobs.run()
    push = db.session.get(Push, push.id)
    assert push.state == "sent" and [b.repeated for b in push.batches] == [False, False, True, False]
    assert push.batches[2].msg_id == third["msg_id"] and push.batches[2].sent_count == 5  # the report kept
    assert _received(wechat, push) == Counter(openids)
    assert len([s for s in wechat.mass_sends() if s["clientmsgid"]]) == 4


def _wait_until_mid_push(push, worker, timeout=30):
    """Until the worker has sent a batch and is in the middle of sending another."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker ended before it was killed"
        db.session.rollback()
        states = db.session.scalars(select(PushBatch.state).where(PushBatch.push_id == push.id)).all()
        if "sent" in states and "sending" in states:
            return
        time.sleep(0.02)
    pytest.fail("the worker did not get halfway")


def _subscribers(network, wechat, jobs, count=5, subscribed=3):
    employment = topic("就业创业")
    openids = _followers(network, wechat, count, prefix="oTopic")
    for openid in openids[:subscribed]:
        set_subscriptions([employment.id], openid=openid)
    db.session.commit()
    sync_tags.enqueue()
    jobs.run()  # WeChat's tags brought in step with the subscriptions
    return employment, openids


def test_one_topic_whose_tag_is_in_step_goes_by_the_tag(network, wechat, jobs):
    employment, openids = _subscribers(network, wechat, jobs)
    push = push_for(network, role="supervisor", all=False, topic_ids=[employment.id])
    db.session.commit()
    jobs.run()
    push = db.session.get(Push, push.id)
    (batch,) = push.batches
    assert push.state == "sent" and batch.tag_id is not None and batch.size == 3
    assert push.left_out == {"unsubscribed": 2}
    (send,) = [s for s in wechat.mass_sends() if s["clientmsgid"] == f"push-{push.id}-1"]
    assert send["target"] == "tag" and send["delivered"] == 3
    assert _received(wechat, push) == Counter(openids[:3])


def test_a_topic_with_a_station_goes_by_openid_list(network, wechat, jobs):
    employment, openids = _subscribers(network, wechat, jobs)
    push = push_for(
        network,
        role="supervisor",
        all=False,
        topic_ids=[employment.id],
        station_ids=[network.station("A1").id],
    )
    db.session.commit()
    jobs.run()
    (send,) = [s for s in wechat.mass_sends() if s["clientmsgid"] == f"push-{push.id}-1"]
    assert send["target"] == "openids" and _received(wechat, push) == Counter(openids[:3])


def test_after_a_day_long_outage_the_batches_never_tried_still_go_and_one_in_doubt_does_not(
    network, wechat, jobs, monkeypatch
):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    openids = _followers(network, wechat, 6)
    push = _county_push(network, submit=False)
    push.state = "scheduled"
    sending.start_push(push)
    push.started_at = utcnow() - sending.CONFIRM_WINDOW - timedelta(minutes=1)
    push.batches[0].state = "sending"  # its call may have reached WeChat a day ago: not sent again
    db.session.commit()
    send_push.enqueue(push.id)
    jobs.run()
    push = db.session.get(Push, push.id)
    assert [b.state for b in push.batches] == ["failed", "sent", "sent"] and push.state == "sent"
    assert _received(wechat, push) == Counter(openids[2:])


SUBSCRIBE = "/cgi-bin/message/subscribe/send"


def _mini_program_people(network, wechat):
    """Three who use only the mini-program: two with WeChat's tap for the policy notice, one whose
    tap the mini-program reported to us and one whose it did not; and one who reported a tap WeChat
    does not have (43101)."""
    for serial, openid in enumerate(("oTapped_mp", "oUntold_mp"), start=1):
        registered(network, "A1a", serial, miniapp_openid=openid)
        wechat.grant_subscribe(openid, "sandbox_miniapp_policy")
    registered(network, "A1a", 3, miniapp_openid="oClaimed_mp")
    wechat.grant_subscribe("oClaimed_mp", "sandbox_miniapp_reminder")  # a tap for another message
    grant_notice_taps(1, miniapp_openid="oTapped_mp")
    grant_notice_taps(1, miniapp_openid="oClaimed_mp")
    db.session.commit()


def _subscribe_sends(wechat):
    return [(m["openid"], m["result"]) for m in wechat.outbox(path=SUBSCRIBE)]


def test_a_mini_program_only_person_with_a_tap_gets_the_push_once_as_a_subscribe_message(
    network, wechat, jobs
):
    article = write_article(network, None, published=True)
    _followers(network, wechat, 2)
    _mini_program_people(network, wechat)
    push = _county_push(network, text=None, article_id=article.id)
    jobs.run()
    assert _subscribe_sends(wechat) == [("oClaimed_mp", 43101), ("oTapped_mp", 0)]
    (sent,) = [m for m in wechat.outbox(path=SUBSCRIBE) if m["result"] == 0]
    assert sent["body"]["template_id"] == "sandbox_miniapp_policy"
    assert sent["body"]["page"] == f"pages/policies/detail?id={article.id}"
    push = db.session.get(Push, push.id)
    assert push.state == "sent" and push.left_out == {"miniapp_only": 1}
    assert (push.targeted, push.sent, push.failed) == (5, 3, 1)  # 2 followers and 1 subscribe message
    send_push.enqueue(push.id)  # the job again, and the sweep: nothing goes a second time
    resend_pending_notifications.enqueue()
    jobs.run()
    assert len(_subscribe_sends(wechat)) == 2 and len(_received(wechat, push)) == 2


def test_a_worker_lost_after_the_push_started_leaves_the_messages_to_the_sweep_once(
    network, wechat, jobs, app
):
    _mini_program_people(network, wechat)
    push = _county_push(network, submit=False)
    push.state = "scheduled"
    sending.start_push(push)
    db.session.commit()  # the taps taken and the messages recorded; the worker dies before delivering
    for queue in queues(app.extensions["redis"]):
        queue.empty()
    db.session.execute(update(Notification).values(created_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    send_push.enqueue(push.id)
    jobs.run()  # the resumed push sends nothing more itself
    assert _subscribe_sends(wechat) == []
    resend_pending_notifications.enqueue()
    jobs.run()
    resend_pending_notifications.enqueue()
    jobs.run()
    assert sorted(_subscribe_sends(wechat)) == [("oClaimed_mp", 43101), ("oTapped_mp", 0)]
    push = db.session.get(Push, push.id)
    assert (push.state, push.sent, push.failed) == ("sent", 1, 1)
