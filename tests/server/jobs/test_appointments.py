"""The jobs of appointments. The reminder sweep sends each reminder once: run twice (two enqueues,
two workers at once), or run again after its worker was killed midway, every person gets exactly
one, as WeChat (the sandbox) counts them. Answers kept for idempotency keys go after a day."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from flask import request
from sqlalchemy import func, select

from models import Booking, IdempotentResponse, Notification
from models.types import utcnow
from server.jobs import appointments as appointment_jobs
from server.jobs import notifications as notification_jobs
from server.jobs.appointments import purge_idempotent_responses
from server.operations.appointments import people, sweeps
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from server.sandbox.state import Faults
from server.timezone import LOCAL
from tests.support.appointments import setup_appointments

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CUSTOM = "/cgi-bin/message/custom/send"


def followers(sandbox, openids):
    """People who follow the account and wrote to it just now (inside the 48-hour window)."""
    world = sandbox.extensions["sandbox"]
    for openid in openids:
        world.user(openid).subscribed = True
        world.user_spoke(openid, "message")


def many_booked(db, network, sandbox, jobs, wechat, count):
    """`count` people booked on one day (their confirmations delivered and cleared): (day, openids)."""
    appointments = setup_appointments(network, desks=50, held_back=0)
    schedule = appointments.schedule("A1a", "政策咨询")
    slots = appointments.free_slots("A1a", "政策咨询")
    day_slots = [s for s in slots if s.starts_at.date() == slots[0].starts_at.date()]
    openids = [f"oMany{n:03d}" for n in range(count)]
    followers(sandbox, openids)
    for n, openid in enumerate(openids):
        starts_at = day_slots[n % len(day_slots)].starts_at
        book_slot(people.on_chat(openid), schedule, starts_at, "chat", Actor.person("x"))
    db.session.commit()
    jobs.run()
    wechat.clear_outbox()
    return db.session.scalar(select(Booking.day).limit(1)), openids


def evening_before(day):
    return datetime.combine(day - timedelta(days=1), clock(18, 0), LOCAL)


def reminders_received(wechat):
    """openid -> how many reminders WeChat took for them."""
    sent = wechat.outbox(path=CUSTOM)
    return Counter(m["openid"] for m in sent if m["body"]["text"]["content"].startswith("预约提醒"))


def reminder_rows(db):
    db.session.commit()  # a fresh snapshot: what other sessions and processes committed
    rows = db.session.scalars(select(Notification).filter_by(kind="booking_reminder")).all()
    return Counter(n.openid for n in rows), Counter(n.state for n in rows)


def test_the_sweep_queued_twice_sends_each_reminder_once(db, network, sandbox, jobs, wechat, monkeypatch):
    day, openids = many_booked(db, network, sandbox, jobs, wechat, 30)
    monkeypatch.setattr(sweeps, "utcnow", lambda: evening_before(day))
    appointment_jobs.send_reminders.enqueue()
    appointment_jobs.send_reminders.enqueue()
    jobs.run()
    assert reminders_received(wechat) == dict.fromkeys(openids, 1)
    assert reminder_rows(db) == (dict.fromkeys(openids, 1), {"sent": 30})


def test_two_workers_sweeping_at_once_send_each_reminder_once(
    app, db, network, sandbox, jobs, wechat, monkeypatch
):
    day, openids = many_booked(db, network, sandbox, jobs, wechat, 30)
    monkeypatch.setattr(sweeps, "utcnow", lambda: evening_before(day))
    start, failures = threading.Barrier(2), []

    def worker():
        with app.app_context():
            start.wait()
            try:
                appointment_jobs.send_reminders()
            except Exception as error:  # a failure in the thread must fail the test
                failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    jobs.run()
    assert reminders_received(wechat) == dict.fromkeys(openids, 1)
    assert reminder_rows(db) == (dict.fromkeys(openids, 1), {"sent": 30})


def start_worker(env, seconds, now):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.reminder_worker", str(seconds), now.isoformat()],
        env=os.environ | env,
        cwd=ROOT,
        start_new_session=True,  # its own process group, killed whole
    )


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_a_worker_killed_midway_through_the_sweep_leaves_each_reminder_sent_once(
    db, network, sandbox, jobs, wechat, env, settings, monkeypatch
):
    if settings.embedded_redis:
        pytest.skip(
            "needs TEST_REDIS_URL: a second worker process cannot share the embedded Redis stand-in "
            "(it lives in this process; fakeredis's TCP server does not answer RQ's CLIENT INFO)"
        )
    day, openids = many_booked(db, network, sandbox, jobs, wechat, 300)
    appointment_jobs.send_reminders.enqueue()
    worker = start_worker(env, 0.02, evening_before(day))
    try:
        reached = wait_for(lambda: sum(reminder_rows(db)[0].values()) >= 100 or worker.poll() is not None)
        assert reached and worker.poll() is None, "the worker ended before it could be killed midway"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    claimed = sum(reminder_rows(db)[0].values())
    assert 100 <= claimed < 300
    assert reminders_received(wechat) == {}  # its deliveries were queued behind the sweep

    # What runs next in production: the scheduler's next sweep and, five minutes on, the resend sweep
    # (for a notification whose job was lost between its commit and its queueing)
    appointment_jobs.send_reminders.enqueue()
    later = datetime.now(LOCAL) + notification_jobs.RESEND_AFTER + timedelta(minutes=1)
    monkeypatch.setattr(notification_jobs, "utcnow", lambda: later)
    notification_jobs.resend_pending_notifications()
    rerun = start_worker(env, 0, evening_before(day))
    assert rerun.wait(120) == 0

    assert reminders_received(wechat) == dict.fromkeys(openids, 1)
    assert reminder_rows(db) == (dict.fromkeys(openids, 1), {"sent": 300})
    assert db.session.scalar(select(func.count()).where(Booking.reminded_at.is_(None))) == 0


class HeldCall(Faults):
    """Calls to `path` wait `seconds` in the sandbox (WeChat slow to answer); `arrived` is set once
    one has come in whole (its body read): the call has left the worker."""

    def __init__(self, path, seconds):
        self.arrived, self.held_for = threading.Event(), seconds
        super().__init__(timeout_paths=[path])

    @property
    def timeout_seconds(self):
        request.get_data()  # read in the sandbox's request context, before the hold
        self.arrived.set()
        return self.held_for

    @timeout_seconds.setter
    def timeout_seconds(self, value):
        pass  # the dataclass's default; `held_for` is what the sandbox waits


def test_a_worker_killed_during_the_call_to_wechat_never_sends_that_reminder_again(
    db, network, sandbox, jobs, wechat, env, settings, monkeypatch
):
    if settings.embedded_redis:
        pytest.skip("needs TEST_REDIS_URL: a second worker process cannot share the embedded Redis stand-in")
    day, openids = many_booked(db, network, sandbox, jobs, wechat, 1)
    held = HeldCall(CUSTOM, settings.http_timeout / 2)
    sandbox.extensions["sandbox"].faults = held
    appointment_jobs.send_reminders.enqueue()
    worker = start_worker(env, 0, evening_before(day))
    try:
        assert held.arrived.wait(60), "the reminder never reached WeChat"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    assert wait_for(lambda: reminders_received(wechat) == {openids[0]: 1}, 10)  # WeChat took it
    assert reminder_rows(db) == ({openids[0]: 1}, {"sending": 1})

    later = datetime.now(LOCAL) + notification_jobs.RESEND_AFTER + timedelta(minutes=1)
    monkeypatch.setattr(notification_jobs, "utcnow", lambda: later)
    notification_jobs.resend_pending_notifications()
    appointment_jobs.send_reminders.enqueue()
    assert start_worker(env, 0, evening_before(day)).wait(60) == 0
    assert reminders_received(wechat) == {openids[0]: 1}
    assert reminder_rows(db) == ({openids[0]: 1}, {"unconfirmed": 1})


def test_answers_kept_for_idempotency_keys_are_purged_after_a_day(db):
    db.session.add_all(
        [
            IdempotentResponse(
                owner="mp:o",
                key="old",
                fingerprint="f",
                status=201,
                body={},
                created_at=utcnow() - timedelta(hours=25),
            ),
            IdempotentResponse(owner="mp:o", key="new", fingerprint="f", status=201, body={}),
        ]
    )
    db.session.commit()
    purge_idempotent_responses()
    db.session.expire_all()
    assert [r.key for r in db.session.execute(db.select(IdempotentResponse)).scalars()] == ["new"]
