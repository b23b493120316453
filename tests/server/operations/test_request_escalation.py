"""The deadline sweep on one request: a warning before, 督办 one level up after, each only once."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from models import RequestEvent, Staff, StaffNotice
from server.operations.core.audit import Actor
from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.escalation import requests_to_sweep, sweep_request
from server.operations.service_requests.routing import pass_up
from server.timezone import LOCAL
from tests.support.requests import file


def late_request(network, due):
    """A request filed 15 working days before `due`, as if long ago."""
    request = file(network)
    request.respond_due_on, request.due_on = None, due
    request.created_at = datetime.combine(due - timedelta(days=21), time(9), LOCAL)
    return request


def notified(db, kind):
    statement = (
        select(Staff.username).join(StaffNotice, StaffNotice.staff_id == Staff.id).filter_by(kind=kind)
    )
    return sorted(set(db.session.scalars(statement)))


def test_a_late_request_climbs_one_level_at_a_time_to_the_city(db, network):
    calendar = WorkingCalendar.load()
    request = late_request(network, date(2026, 9, 28))
    assert sweep_request(request, calendar, date(2026, 9, 29)) == "escalated"
    assert request.escalation_level == 1
    assert notified(db, "escalate") == ["head_a1", "supervisor_a1"]  # the township above the village
    # The township has two working days (30 September, then 8 October after National Day).
    assert sweep_request(request, calendar, date(2026, 10, 8)) is None
    assert sweep_request(request, calendar, date(2026, 10, 9)) == "escalated"
    assert sweep_request(request, calendar, date(2026, 10, 14)) == "escalated"
    assert request.escalation_level == 3
    assert sweep_request(request, calendar, date(2026, 10, 30)) is None  # the city is the top
    levels = db.session.scalars(select(RequestEvent).filter_by(request_id=request.id, kind="escalate")).all()
    assert [e.data["level"] for e in levels] == [1, 2, 3]


def test_sweeping_twice_on_the_same_day_changes_nothing_twice(db, network):
    calendar = WorkingCalendar.load()
    request = late_request(network, date(2026, 9, 28))
    assert sweep_request(request, calendar, date(2026, 9, 29)) == "escalated"
    assert sweep_request(request, calendar, date(2026, 9, 29)) is None
    assert notified(db, "escalate") == ["head_a1", "supervisor_a1"]
    assert db.session.scalar(select(db.func.count(StaffNotice.id)).filter_by(kind="escalate")) == 2


def test_the_assignee_is_warned_once_before_the_deadline(db, network):
    calendar = WorkingCalendar.load()
    request = late_request(network, date(2026, 10, 9))
    assert sweep_request(request, calendar, date(2026, 9, 30)) == "warned"
    assert sweep_request(request, calendar, date(2026, 10, 8)) is None
    assert notified(db, "warn") == ["clerk_a1a"]


def test_a_request_waiting_on_the_person_is_not_swept(db, network):
    request = late_request(network, date(2026, 9, 28))
    request.paused_on = date(2026, 9, 25)
    db.session.flush()
    assert request.id not in requests_to_sweep(date(2026, 10, 9), date(2026, 10, 13))
    assert sweep_request(request, WorkingCalendar.load(), date(2026, 10, 9)) is None


def test_after_passing_up_the_next_escalation_goes_to_the_level_above_the_new_owner(db, network):
    calendar = WorkingCalendar.load()
    request = late_request(network, date(2026, 9, 28))
    assert sweep_request(request, calendar, date(2026, 9, 29)) == "escalated"  # to the township A1
    pass_up(request, Actor.system("甲一甲村站"), "村里无法解决，请街道协调")
    assert sweep_request(request, calendar, date(2026, 9, 30)) == "escalated"
    escalations = select(RequestEvent).filter_by(request_id=request.id, kind="escalate")
    last = db.session.scalars(escalations).all()[-1]
    assert last.data["station_id"] == network.station("A").id  # the county, not skipped to the city
