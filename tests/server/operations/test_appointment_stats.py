"""预约统计 on the week of tests/support/booking_stats.py, whose figures are worked out by hand there."""

from datetime import date, datetime, time

import pytest

from server.operations.appointments.stats import booking_stats
from server.operations.service_requests.stats import Period
from server.timezone import LOCAL
from tests.support.booking_stats import PERIOD, booking_week  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("booking_week")


def test_a_county_sees_bookings_by_station_and_service_the_no_show_rate_and_the_fill(network):
    stats = booking_stats(network.staff("supervisor_a"), PERIOD)
    assert [(s.code, n, missed) for s, n, missed in stats.by_station] == [
        ("A", 1, 0),
        ("A1", 6, 2),
        ("A2", 0, 0),
    ]
    assert stats.by_service == [("政策咨询", 6, 1), ("优待证办理", 1, 1), ("困难帮扶申请", 0, 0)]
    assert (stats.no_show.part, stats.no_show.whole, stats.no_show.percent) == (2, 7, 28.6)
    assert (stats.fill.part, stats.fill.whole, stats.fill.percent) == (6, 321, 1.9)


def test_a_village_counts_only_its_own(network):
    stats = booking_stats(network.staff("clerk_a1a"), PERIOD)
    assert [(s.code, n, missed) for s, n, missed in stats.by_station] == [("A1a", 3, 1)]
    assert (stats.no_show.part, stats.no_show.whole) == (1, 3)
    assert (stats.fill.part, stats.fill.whole) == (3, 70)


def test_only_the_slots_already_begun_are_offered(network):
    now = datetime.combine(date(2026, 11, 3), time(10, 15), LOCAL)  # Tuesday: 4 slots begun at A1a
    stats = booking_stats(network.staff("clerk_a1a"), PERIOD, now=now)
    # Monday's 14 and Tuesday's 08:30 to 10:00; taken: Monday's two and Tuesday's 10:00
    assert (stats.fill.part, stats.fill.whole) == (3, 14 + 4)


def test_a_period_without_bookings_has_no_rate(network):
    stats = booking_stats(network.staff("supervisor_a"), Period(date(2026, 10, 1), date(2026, 10, 7)))
    assert stats.no_show.whole == 0 and stats.no_show.percent is None
    assert stats.fill.whole == 0  # 国庆: no working day, so no slot
