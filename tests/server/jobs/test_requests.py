"""The deadline sweep as a job: idempotent, safe to crash halfway, and it reaches bound supervisors."""

from datetime import date

import pytest
from sqlalchemy import func, select

from models import RequestEvent, ServiceRequest
from server.jobs import service_requests as request_jobs
from server.jobs.service_requests import sweep_deadlines
from tests.support.requests import file


def overdue(db, network, count):
    ids = []
    for n in range(count):
        request = file(network, openid=f"oLate{n}")
        request.respond_due_on, request.due_on = None, date(2026, 1, 5)  # long past: overdue today
        ids.append(request.id)
    db.session.commit()
    return ids


def escalations(db):
    statement = (
        select(RequestEvent.request_id, func.count()).filter_by(kind="escalate").group_by("request_id")
    )
    return dict(db.session.execute(statement).all())


def test_running_the_sweep_twice_escalates_each_request_once(db, network):
    ids = overdue(db, network, 3)
    assert sweep_deadlines() == {"warned": 0, "escalated": 3}
    assert sweep_deadlines() == {"warned": 0, "escalated": 0}
    assert escalations(db) == dict.fromkeys(ids, 1)


def test_a_sweep_that_crashed_halfway_finishes_the_rest_and_repeats_nothing(db, network, monkeypatch):
    ids = overdue(db, network, 4)
    monkeypatch.setattr(request_jobs, "BATCH", 2)
    real_sweep = request_jobs.sweep_request

    def crash_on_the_third(request, calendar, day):
        if request.id == ids[2]:
            raise RuntimeError("worker killed")
        return real_sweep(request, calendar, day)

    monkeypatch.setattr(request_jobs, "sweep_request", crash_on_the_third)
    with pytest.raises(RuntimeError):
        sweep_deadlines()
    db.session.rollback()
    assert escalations(db) == dict.fromkeys(ids[:2], 1)  # the first batch was committed
    monkeypatch.setattr(request_jobs, "sweep_request", real_sweep)
    sweep_deadlines()
    assert escalations(db) == dict.fromkeys(ids, 1)
    assert db.session.scalar(select(func.max(ServiceRequest.escalation_level))) == 1


def test_a_supervisor_who_bound_wechat_gets_the_notice_there(db, network, wechat, jobs):
    head = network.staff("head_a1")
    head.openid = wechat.user("oHeadA1")
    wechat.say(head.openid, "你好")  # opens the 48-hour window
    overdue(db, network, 1)
    wechat.clear_outbox()
    sweep_deadlines()
    jobs.run()
    sent = [m for m in wechat.outbox() if m.get("openid") == head.openid]
    assert sent and "督办" in str(sent[0])
