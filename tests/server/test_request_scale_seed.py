"""`flask seed requests` at a tiny size: requests and timelines generated inside PostgreSQL."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from models import RequestDayTally, RequestEvent, ServiceRequest, Station
from models.request import OPEN_STATES
from models.types import utcnow
from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.deadlines import working_days_since_filed
from server.operations.service_requests.filing import next_number
from server.seeds.request_scale import seed_requests


@pytest.fixture
def postgres(settings):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("the scale seed generates its rows inside PostgreSQL")


def test_the_command_refuses_sqlite_with_a_reason(app, settings, network):
    if settings.database_url.startswith("postgresql"):
        pytest.skip("on SQLite only")
    result = app.test_cli_runner().invoke(args=["seed", "requests", "--requests", "10", "--events", "50"])
    assert result.exit_code != 0 and "需要 PostgreSQL" in result.output


@pytest.mark.usefixtures("postgres")
def test_a_tiny_seed_fills_the_network_with_requests_and_their_timelines(app, db, network):
    result = app.test_cli_runner().invoke(args=["seed", "requests", "--requests", "400", "--events", "4000"])
    assert result.exit_code == 0, result.output
    assert "added 400 requests" in result.output and "indexes, keys" in result.output
    requests = db.session.scalars(select(ServiceRequest).order_by(ServiceRequest.id)).all()
    assert len(requests) == 400
    events = db.session.scalar(select(func.count(RequestEvent.id)))
    assert 3000 < events < 5000  # about what was asked
    assert all(re.fullmatch(r"20\d\d-\d{7}", r.number) for r in requests)
    created = [r.created_at for r in requests]
    assert created == sorted(created) and created[0] > utcnow() - timedelta(days=731)  # ids follow filing


@pytest.mark.usefixtures("postgres")
def test_seeded_requests_are_where_and_as_the_application_would_leave_them(db, network):
    seed_requests(600, 3000, days=365)
    rows = db.session.execute(select(ServiceRequest, Station).join(Station)).all()
    petitions = {r.station_id for r, s in rows if r.track == "petition"}
    assert {s.level for r, s in rows if r.track == "service"} == {"village"}
    assert {s.level for r, s in rows if r.track == "petition"} == {"county"} and petitions
    states = {r.state for r, _ in rows}
    assert {"pending", "processing", "resolved", "closed"} <= states and states & set(OPEN_STATES)
    for request, _ in rows:
        assert (request.due_on is not None) == request.is_open  # a deadline runs while it is open
        if request.resolved_at is not None:
            assert request.created_at <= request.resolved_at <= utcnow() and request.resolved_due_on
        if request.rating:
            assert request.state in ("resolved", "closed", "concluded", "final") and request.rated_at
        if request.escalation_level:
            assert request.is_open and request.escalated_until is not None
    assert sum(bool(r.content) and "的" in r.content for r, _ in rows) > 300  # Chinese text to search


@pytest.mark.usefixtures("postgres")
def test_seeded_requests_count_their_working_days_and_are_in_the_daily_tally(db, network):
    seed_requests(300, 600, days=365)
    calendar = WorkingCalendar.load()
    requests = db.session.scalars(select(ServiceRequest)).all()
    for request in requests:
        for moment, days in (
            (request.first_responded_at, request.response_days),
            (request.resolved_at, request.resolution_days),
        ):
            assert days == (None if moment is None else working_days_since_filed(request, calendar, moment))
    # the city's row adds up what the requests themselves say, counted here without the tally's SQL
    city = db.session.scalar(select(Station.id).where(Station.parent_id.is_(None)))
    names = ("filed", "responded", "response_days", "resolved", "resolution_days")
    tallied = db.session.execute(
        select(*(func.sum(getattr(RequestDayTally, n)) for n in names)).where(
            RequestDayTally.station_id == city
        )
    ).one()
    resolved = [r for r in requests if r.resolved_at and not r.is_open]
    assert tuple(tallied) == (
        300,
        sum(r.first_responded_at is not None for r in requests),
        sum(r.response_days or 0 for r in requests),
        len(resolved),
        sum(r.resolution_days for r in resolved),
    )


@pytest.mark.usefixtures("postgres")
def test_each_timeline_starts_with_the_filing_and_runs_forward(db, network):
    seed_requests(100, 1000, days=200)
    first = db.session.execute(
        text("SELECT DISTINCT ON (request_id) kind FROM request_event ORDER BY request_id, id")
    ).scalars().all()  # fmt: skip
    assert set(first) == {"filed"} and len(first) == 100
    backwards = db.session.scalar(
        text(
            "SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (PARTITION BY request_id"
            " ORDER BY id) AS back FROM request_event) e WHERE back"
        )
    )
    assert backwards == 0


@pytest.mark.usefixtures("postgres")
def test_numbers_given_later_follow_the_seeded_ones_and_indexes_and_keys_are_back(db, network):
    seed_requests(50, 0, days=30)
    year = db.session.scalar(select(func.max(ServiceRequest.number)))[:4]
    assert next_number(int(year)) > db.session.scalar(select(func.max(ServiceRequest.number)))
    indexes = set(
        db.session.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'service_request'"))
    )
    assert {index.name for index in ServiceRequest.__table__.indexes} <= indexes
    keys = set(db.session.scalars(text("SELECT conname FROM pg_constraint WHERE contype = 'f'")))
    assert {fk.name for fk in RequestEvent.__table__.foreign_key_constraints} <= keys  # back, and checked
    seed_requests(50, 0, days=30)  # a second run adds to the first
    assert db.session.scalar(select(func.count(ServiceRequest.id))) == 100
