"""A scenario of requests around National Day 2026 with hand-computed dashboard figures.

Calendar (chinese-calendar): 9/25-27 中秋 off; 10/1-7 国庆 off; Sat 10/10 a make-up working day. The
period is Mon 9/28 to Sun 10/18 and "today" Mon 10/19. R7 and R10 are at B1a, outside county A.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from models import RequestCategory, RequestDayTally, ServiceRequest, Station, db
from models.request_tally import COUNTS
from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.deadlines import working_days_since_filed
from server.operations.service_requests.stats import Period
from server.timezone import LOCAL

PERIOD = Period(date(2026, 9, 28), date(2026, 10, 18))
TODAY = date(2026, 10, 19)


def at(text):
    """An aware moment from local (Asia/Shanghai) time, e.g. "10-08 07:00" in 2026."""
    return datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL)


def add(network, code, category, state, created, person="oP", **values):
    category = db.session.execute(select(RequestCategory).filter_by(name=category)).scalar_one()
    serial = db.session.scalar(select(db.func.count(ServiceRequest.id))) + 1
    request = ServiceRequest(
        number=f"2026-{serial:07d}", openid=person if person.startswith("o") else None,
        miniapp_openid=person if person.startswith("m") else None, station_id=network.station(code).id,
        category_id=category.id, track=category.track, title="测试诉求", content="测试诉求内容",
        channel="chat", state=state, created_at=at(created), **values,
    )  # fmt: skip
    calendar = WorkingCalendar.load()
    for moment, days in (("first_responded_at", "response_days"), ("resolved_at", "resolution_days")):
        if values.get(moment):
            setattr(request, days, working_days_since_filed(request, calendar, values[moment]))
    db.session.add(request)
    return request


@pytest.fixture
def stats_requests(network):
    add_scenario(network)


def add_scenario(network):
    """R1..R10 of the module's scenario; R7 and R10 are at B1a, outside the viewer's scope."""
    add(
        network,
        "A1a",
        "困难帮扶",
        "resolved",
        "09-29 10:00",
        "oP1",
        first_responded_at=at("10-08 09:00"),
        resolved_at=at("10-10 16:00"),
        resolved_due_on=date(2026, 10, 9),
        rating="satisfied",
        rated_at=at("10-12 09:00"),
    )  # R1: answered after 2 working days, resolved after 4, a day late
    # R2: filed 07:00 on 10/8 in Shanghai, still 10/7 (a holiday) in UTC; answered the same day
    add(
        network,
        "A1b",
        "就业创业",
        "closed",
        "10-08 07:00",
        "oP2",
        first_responded_at=at("10-08 15:00"),
        resolved_at=at("10-12 10:00"),
        resolved_due_on=date(2026, 10, 12),
        closed_at=at("10-13 10:00"),
        rating="fair",
        rated_at=at("10-13 11:00"),
    )  # resolved after 3 working days, on its due day
    add(
        network,
        "A2a",
        "困难帮扶",
        "resolved",
        "09-24 09:00",
        "oP3",
        first_responded_at=at("09-28 09:00"),
        resolved_at=at("10-09 11:00"),
        resolved_due_on=date(2026, 10, 15),
        rating="unsatisfied",
        rated_at=at("10-09 18:00"),
    )  # R3: filed before the period; 1 and 5 working days; on time
    add(
        network,
        "A1a",
        "困难帮扶",
        "processing",
        "10-12 09:00",
        "oP1",
        first_responded_at=at("10-13 09:00"),
        due_on=date(2026, 10, 14),
        escalation_level=1,
    )  # R4: oP1 again; overdue, escalated once
    add(
        network,
        "A1a",
        "政策咨询",
        "pending",
        "10-16 09:00",
        "oP5",
        respond_due_on=date(2026, 10, 17),
        due_on=date(2026, 10, 23),
    )  # R5: its first answer is overdue
    add(network, "A1", "信访/投诉", "registered", "10-14 09:00", "oP6", due_on=date(2026, 11, 4))  # R6
    add(
        network,
        "B1a",
        "困难帮扶",
        "processing",
        "10-01 09:00",
        "oP7",
        due_on=date(2026, 10, 9),
        escalation_level=2,
    )  # R7: outside the scope
    # R8: filed at 00:30 on Monday 9/28 in Shanghai (Sunday in UTC); waiting on the person, so not overdue
    add(
        network,
        "A1b",
        "就业创业",
        "waiting",
        "09-28 00:30",
        "oP8",
        due_on=date(2026, 10, 14),
        paused_on=date(2026, 10, 15),
    )
    add(network, "A2a", "其他", "withdrawn", "10-09 09:00", "mP9", closed_at=at("10-09 10:00"))  # R9
    add(
        network,
        "B1a",
        "困难帮扶",
        "resolved",
        "10-08 09:00",
        "oP10",
        first_responded_at=at("10-08 10:00"),
        resolved_at=at("10-09 10:00"),
        resolved_due_on=date(2026, 10, 1),
        rating="unsatisfied",
        rated_at=at("10-10 10:00"),
    )  # R10: outside the scope
    db.session.commit()


def tally_rows():
    """Every row of the daily tally with a count, as tuples (station code, day, *counts)."""
    rows = db.session.execute(
        select(Station.code, RequestDayTally).join(Station, Station.id == RequestDayTally.station_id)
    )
    kept = [(code, t.day, *(getattr(t, n) for n in COUNTS)) for code, t in rows]
    return sorted(row for row in kept if any(row[2:]))
