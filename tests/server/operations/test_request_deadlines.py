"""Deadlines on China's working calendar: across the Spring Festival and National Day, paused while
waiting on the person."""

from datetime import date, datetime
from types import SimpleNamespace

from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.deadlines import due_status, next_due, resume_clock, start_clock
from server.timezone import LOCAL


def service(first=2, resolution=15, filed=date(2026, 9, 1)):
    category = SimpleNamespace(first_response_days=first, resolution_days=resolution)
    created_at = datetime(filed.year, filed.month, filed.day, 2, tzinfo=LOCAL)
    return SimpleNamespace(
        track="service", category=category, respond_due_on=None, due_on=None, paused_on=None, is_open=True,
        created_at=created_at,
    )  # fmt: skip


def test_a_request_filed_before_the_spring_festival_is_due_after_it(db):
    request = service(first=2, resolution=5)
    start_clock(request, WorkingCalendar.load(), date(2026, 2, 12))  # Thursday before the holiday
    # 13 Fri, 14 Sat (make-up day) answer the first two; 15-23 is the holiday; then 24, 25, 26.
    assert request.respond_due_on == date(2026, 2, 14)
    assert request.due_on == date(2026, 2, 26)


def test_a_petition_filed_before_national_day_has_fifteen_working_days_to_be_accepted(db):
    request = service()
    request.track = "petition"
    start_clock(request, WorkingCalendar.load(), date(2026, 9, 28))
    # 29, 30 September; 1-7 October off; 8, 9, Saturday 10 (make-up); 12-16, 19-23 October.
    assert request.respond_due_on is None
    assert request.due_on == date(2026, 10, 23)


def test_waiting_on_the_person_pushes_the_deadlines_back_by_the_working_days_waited(db):
    calendar = WorkingCalendar.load()
    request = service(first=2, resolution=10)
    start_clock(request, calendar, date(2026, 9, 24))
    before = request.due_on
    request.paused_on = date(2026, 9, 29)
    assert next_due(request) is None  # the clock is stopped: nothing is due while we wait
    resume_clock(request, calendar, date(2026, 10, 9))  # 30 Sep, 8 Oct and 9 Oct were working days
    assert request.paused_on is None
    assert request.due_on == calendar.add_working_days(before, 3)


def test_due_soon_counts_working_days_so_a_holiday_does_not_hide_a_deadline(db):
    calendar = WorkingCalendar.load()
    request = service()
    request.respond_due_on = request.due_on = date(2026, 10, 8)
    # Eight calendar days away, but only two working days (30 September and 8 October).
    assert due_status(request, calendar, date(2026, 9, 29)) == "due_soon"
    assert due_status(request, calendar, date(2026, 9, 25)) is None
    assert due_status(request, calendar, date(2026, 10, 9)) == "overdue"


def test_a_request_is_due_soon_only_once_less_than_half_its_time_is_left(db):
    calendar = WorkingCalendar.load()
    for first in (1, 2, 3):
        request = service(first=first, resolution=15, filed=date(2026, 11, 2))  # a Monday
        start_clock(request, calendar, date(2026, 11, 2))
        assert due_status(request, calendar, date(2026, 11, 2)) is None, first  # not the moment it is filed
        assert due_status(request, calendar, request.respond_due_on) == "due_soon", first
    request = service(first=3, filed=date(2026, 11, 2))
    start_clock(request, calendar, date(2026, 11, 2))  # due Thursday 5 November
    assert due_status(request, calendar, date(2026, 11, 3)) is None  # 2 of 3 days left
    assert due_status(request, calendar, date(2026, 11, 4)) == "due_soon"  # 1 of 3 left
