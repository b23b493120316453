"""China's working calendar: statutory holidays and 调休 make-up working days.

chinese-calendar covers the years it was released for; the State Council publishes next year's
schedule each November, and an administrator enters it here (CalendarDay). For a year neither
covers, the calendar falls back to Monday-Friday and says so (`coverage_warning`), never raises.
Load it once per unit of work (`WorkingCalendar.load()`): it reads the entered days in one query.
"""

import functools
from datetime import date, timedelta

import chinese_calendar
from sqlalchemy import extract, select

from models import CalendarDay, db
from server.operations.core import texts
from server.operations.core.errors import DomainError

WEEKEND = (5, 6)


class WorkingCalendar:
    def __init__(self, entered):
        self.entered = entered  # date -> (workday, name)
        self.entered_years = {day.year for day in entered}

    @classmethod
    def load(cls):
        rows = db.session.execute(select(CalendarDay)).scalars()
        return cls({row.day: (row.workday, row.name) for row in rows})

    def is_working_day(self, day):
        if day in self.entered:
            return self.entered[day][0]
        if day.year not in self.entered_years and library_covers(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() not in WEEKEND

    def holiday_name(self, day):
        """The holiday's Chinese name on a non-working day of a known year, else None."""
        if day in self.entered:
            workday, name = self.entered[day]
            return None if workday else name
        if day.year not in self.entered_years and library_covers(day.year):
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if on_holiday and name:
                return chinese_calendar.Holiday(name).chinese
        return None

    def add_working_days(self, start, days):
        """The date `days` working days after `start` (start itself not counted)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            left -= self.is_working_day(day)
        return day

    def working_days_between(self, start, end):
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def coverage_warning(self, year):
        """A message when `year`'s holidays are unknown and Monday-Friday is assumed, else None."""
        if year in self.entered_years or library_covers(year):
            return None
        return texts.CALENDAR_NOT_ENTERED.format(year=year)


@functools.lru_cache(maxsize=64)
def library_covers(year):
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def set_calendar_year(year, days):
    """Replace the entered schedule of `year` with `days`: [(date, workday, name)]."""
    if any(day.year != year for day, _workday, _name in days):
        raise DomainError(texts.CALENDAR_OTHER_YEAR.format(year=year))
    db.session.execute(CalendarDay.__table__.delete().where(extract("year", CalendarDay.day) == year))
    db.session.add_all(CalendarDay(day=d, workday=w, name=n) for d, w, n in days)
    db.session.flush()
