"""The working calendar: which years are known, and entering next year's schedule."""

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import CalendarDay, db
from models.types import utcnow
from server.console import bp
from server.console.forms import CalendarForm
from server.console.helpers import actor, show_error
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
            raise DomainError(
                f"第 {number} 行格式应为：日期,休 或 班,名称（如 2027-01-01,休,元旦）", field="days"
            ) from None
        days.append(
            (day, workday, (parts[2] if len(parts) > 2 else "")[:50] or ("调休上班" if workday else "休息"))
        )
    return days


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    require(current_user, "calendar.edit")
    form = CalendarForm()
    if form.validate_on_submit():
        try:
            year = int(form.year.data)
            set_calendar_year(year, parse_schedule(form.days.data))
            audit.record(actor(), "calendar.set", year=year)
        except (DomainError, ValueError) as error:
            show_error(
                form, error if isinstance(error, DomainError) else DomainError("年份不正确", field="year")
            )
        else:
            db.session.commit()
            flash(f"{form.year.data}年的工作日历已保存", "ok")
            return redirect(url_for("console.calendar"))
    this_year = local_date(utcnow()).year
    years = [
        (y, library_covers(y), WorkingCalendar.load().coverage_warning(y)) for y in (this_year, this_year + 1)
    ]
    entered = db.session.execute(select(CalendarDay).order_by(CalendarDay.day)).scalars().all()
    return render_template("console/calendar.html", form=form, years=years, entered=entered)
