"""The dashboard's figures, hand-computed over three weeks around National Day 2026 (the scenario in
tests/support/request_stats.py). The viewer is county A's supervisor: A's subtree (A, A1, A1a, A1b, A2,
A2a), never B's."""

from datetime import date, timedelta

import pytest

from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.service_requests.rating import rate_request
from server.operations.service_requests.replies import reply_to_request
from server.operations.service_requests.states import move_request
from server.operations.service_requests.stats import Average, Period, Share, request_stats
from server.timezone import LOCAL
from tests.support.request_stats import PERIOD, TODAY, stats_requests  # noqa: F401 - a fixture
from tests.support.requests import file


def stats_for(network, username):
    return request_stats(network.staff(username), PERIOD, day=TODAY)


@pytest.mark.usefixtures("stats_requests")
def test_new_and_closed_per_week_count_shanghai_days(network):
    weekly = stats_for(network, "supervisor_a").weekly
    # new: R1 R8 | R2 R9 | R4 R5 R6; closed: - | R1 R3 R9 | R2
    assert weekly == [(date(2026, 9, 28), 2, 0), (date(2026, 10, 5), 2, 3), (date(2026, 10, 12), 3, 1)]


@pytest.mark.usefixtures("stats_requests")
def test_working_days_skip_the_holidays_and_count_the_make_up_saturday(network):
    stats = stats_for(network, "supervisor_a")
    assert stats.first_response == Average(2 + 0 + 1 + 1, 4)  # R1 R2 R3 R4
    assert stats.first_response.days == 1.0
    assert stats.resolution == Average(4 + 3 + 5, 3)  # R1 R2 R3
    assert stats.resolution.days == 4.0


@pytest.mark.usefixtures("stats_requests")
def test_on_time_rate_judges_each_resolution_against_its_own_deadline(network):
    on_time = stats_for(network, "supervisor_a").on_time
    assert on_time == Share(2, 3) and on_time.percent == 66.7  # R1 was a day late


@pytest.mark.usefixtures("stats_requests")
def test_satisfaction_is_the_share_of_each_rating_among_the_rated(network):
    assert stats_for(network, "supervisor_a").satisfaction == [
        ("satisfied", 1, 33.3),
        ("fair", 1, 33.3),
        ("unsatisfied", 1, 33.3),
    ]


@pytest.mark.usefixtures("stats_requests")
def test_repeat_rate_counts_people_with_more_than_one_request_in_the_period(network):
    repeat = stats_for(network, "supervisor_a").repeat
    assert repeat == Share(1, 6) and repeat.percent == 16.7  # oP1 (R1, R4) among oP1 oP2 oP5 oP6 oP8 mP9


@pytest.mark.usefixtures("stats_requests")
def test_open_requests_by_category_and_by_the_stations_below(network):
    stats = stats_for(network, "supervisor_a")
    by_category = dict(stats.open_by_category)
    assert (by_category["困难帮扶"], by_category["政策咨询"], by_category["信访/投诉"]) == (1, 1, 1)
    assert (by_category["就业创业"], by_category["其他"]) == (1, 0)
    assert [(s.code, n) for s, n in stats.open_by_station] == [("A", 0), ("A1", 4), ("A2", 0)]


@pytest.mark.usefixtures("stats_requests")
def test_a_village_sees_only_its_own_station(network):
    stats = stats_for(network, "clerk_a1a")
    assert [(s.code, n) for s, n in stats.open_by_station] == [("A1a", 2)]
    assert stats.overdue_by_level == [(0, 1), (1, 1)]
    assert sum(new for _, new, _ in stats.weekly) == 3  # R1 R4 R5


@pytest.mark.usefixtures("stats_requests")
def test_overdue_by_level_leaves_out_requests_waiting_on_the_person(network):
    assert stats_for(network, "supervisor_a").overdue_by_level == [(0, 1), (1, 1)]  # R5, R4; not R8


@pytest.mark.usefixtures("stats_requests")
def test_the_city_sees_every_station_and_nothing_is_counted_twice(network):
    stats = stats_for(network, "supervisor_c")
    assert [(s.code, n) for s, n in stats.open_by_station] == [("C", 0), ("A", 4), ("B", 1)]
    assert stats.on_time == Share(2, 4) and stats.overdue_by_level == [(0, 1), (1, 1), (2, 1)]


def test_an_empty_scope_gives_zeros_and_no_averages(network):
    stats = stats_for(network, "supervisor_b")
    assert [n for _, n, _ in stats.weekly] == [0, 0, 0]
    assert stats.on_time.percent is None and stats.first_response.days is None
    assert stats.repeat == Share(0, 0) and stats.overdue_by_level == []


def test_the_default_period_is_the_last_twelve_weeks_to_today():
    period = Period.last_weeks(date(2026, 12, 1))
    assert (period.start, period.end) == (date(2026, 9, 14), date(2026, 12, 1))
    assert len(period.mondays()) == 12 and period.mondays()[-1] == date(2026, 11, 30)
    assert Period.parse("", "", date(2026, 12, 1)) == period


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-13-01", "", "日期格式"),
        ("昨天", "", "日期格式"),
        ("2026-10-18", "2026-09-28", "不能早于"),
        ("2020-01-01", "2026-10-18", "最长两年"),
        ("0001-01-01", "0001-01-07", "2000年至2100年"),
        ("9999-12-01", "9999-12-31", "2000年至2100年"),
    ],
)
def test_a_bad_period_is_refused_with_a_message(start, end, message):
    with pytest.raises(DomainError, match=message):
        Period.parse(start, end, TODAY)


def test_a_request_resolved_through_the_operations_is_judged_on_time(db, network):
    request = file(network)
    clerk = Actor.of(network.staff("clerk_a1a"), None)
    reply_to_request(request, "您好，已收到，正在核实。", clerk)
    due = request.due_on
    move_request(request, "resolve", clerk, reason="已发放临时救助金。")
    rate_request(request, "satisfied", None, Actor.person("张三"))
    db.session.commit()
    assert request.resolved_due_on == due
    today = request.resolved_at.astimezone(LOCAL).date()
    stats = request_stats(network.staff("head_a1a"), Period.last_weeks(today), day=today)
    assert stats.on_time == Share(1, 1) and stats.resolution == Average(0, 1)
    assert stats.satisfaction[0] == ("satisfied", 1, 100.0) and stats.weekly[-1][1:] == (1, 1)


@pytest.mark.usefixtures("stats_requests")
def test_a_period_may_start_midweek(network):
    stats = request_stats(
        network.staff("supervisor_a"), Period(date(2026, 10, 8), date(2026, 10, 9)), day=TODAY
    )
    assert stats.weekly == [(date(2026, 10, 5), 2, 2)]  # new R2 R9, closed R3 R9
    assert stats.period.mondays() == [date(2026, 10, 5)] and timedelta(0) < TODAY - stats.period.end
