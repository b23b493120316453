from datetime import date

from server.operations.core.calendar import WorkingCalendar, set_calendar_year


def test_spring_festival_2026_holidays_and_makeup_saturdays(db):
    calendar = WorkingCalendar.load()
    assert not any(calendar.is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert calendar.is_working_day(date(2026, 2, 14)) and calendar.is_working_day(date(2026, 2, 28))
    assert calendar.holiday_name(date(2026, 2, 17)) == "春节"
    # Five working days from Friday 13 February: Sat 14 (make-up), then 24, 25, 26, 27 after the holiday.
    assert calendar.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_national_day_2026(db):
    calendar = WorkingCalendar.load()
    assert calendar.is_working_day(date(2026, 9, 20))  # a Sunday worked in exchange
    assert not calendar.is_working_day(date(2026, 10, 1)) and not calendar.is_working_day(date(2026, 10, 7))
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3  # 8, 9 and Saturday 10


def test_an_uncovered_year_falls_back_to_weekdays_with_a_warning(db):
    calendar = WorkingCalendar.load()
    assert calendar.coverage_warning(2027) and "2027" in calendar.coverage_warning(2027)
    assert calendar.is_working_day(date(2027, 1, 1))  # a Friday: unknown holiday, so Monday-Friday applies
    assert not calendar.is_working_day(date(2027, 1, 2))


def test_an_entered_schedule_covers_the_next_year(db):
    set_calendar_year(2027, [(date(2027, 1, 1), False, "元旦"), (date(2027, 2, 6), True, "春节调休")])
    calendar = WorkingCalendar.load()
    assert calendar.coverage_warning(2027) is None
    assert not calendar.is_working_day(date(2027, 1, 1)) and calendar.holiday_name(date(2027, 1, 1)) == "元旦"
    assert calendar.is_working_day(date(2027, 2, 6))  # a Saturday made a working day
