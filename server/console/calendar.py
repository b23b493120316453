"""The working calendar: which years are known, and entering next year's schedule."""

from datetime import datetime

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import CalendarDay, db
from models.types import utcnow
from server.console import bp, texts
from server.console.forms import CalendarForm
from server.console.helpers import actor, run_action
from server.operations.core import audit
from server.operations.core.access import require
from server.operations.core.calendar import WorkingCalendar, library_covers, set_calendar_year
from server.operations.core.errors import DomainError
from server.timezone import local_date

WORD = {"休": False, "班": True}


def parse_schedule(text):
    """[(date, workday, name)] from lines like `2027-01-01,休,元旦`; DomainError naming the bad line."""
    days = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not line.strip():
            continue
        try:
            day = datetime.strptime(parts[0], "%Y-%m-%d").date()
            workday = WORD[parts[1]]
        except (ValueError, KeyError, IndexError):
            raise DomainError(texts.CALENDAR_LINE_FORMAT.format(number=number), field="days") from None
        unnamed = texts.CALENDAR_WORKDAY if workday else texts.CALENDAR_DAY_OFF
        days.append((day, workday, (parts[2] if len(parts) > 2 else "")[:50] or unnamed))
    return days


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    require(current_user, "calendar.edit")
    form = CalendarForm()

    def change():
        year = _year(form.year.data)
        set_calendar_year(year, parse_schedule(form.days.data))
        audit.record(actor(), "calendar.set", year=year)

    if form.validate_on_submit():
        return run_action(
            change,
            texts.CALENDAR_SAVED.format(year=form.year.data),
            url_for("console.calendar"),
            form,
            refused=lambda _: _page(form),
        )
    return _page(form)


def _year(text):
    try:
        return int(text)
    except ValueError:
        raise DomainError(texts.CALENDAR_YEAR_WRONG, field="year") from None


def _page(form):
    this_year = local_date(utcnow()).year
    years = [
        (y, library_covers(y), WorkingCalendar.load().coverage_warning(y)) for y in (this_year, this_year + 1)
    ]
    entered = db.session.execute(select(CalendarDay).order_by(CalendarDay.day)).scalars().all()
    return render_template("console/calendar.html", form=form, years=years, entered=entered)
