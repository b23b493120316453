"""The home page: counts of what the user's scope holds, and their own work list (both declared in
menu.py, counted in the user's subtree)."""

from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user

from models.types import utcnow
from server.console import bp, texts
from server.console.menu import HOME_COUNTS, MY_WORK, shown_to
from server.operations.core.access import can
from server.operations.core.calendar import WorkingCalendar
from server.timezone import local_date


@dataclass(frozen=True)
class WorkItem:
    title: str
    count: int
    url: str


def my_work(staff):
    """The lines of 我的待办 this user may see that have something waiting."""
    entries = (entry for entry in MY_WORK if shown_to(staff, entry))
    return [
        WorkItem(entry.title, n, url_for(entry.endpoint, **entry.arguments))
        for entry in entries
        if (n := entry.counter(staff))
    ]


@bp.get("/")
def home():
    staff = current_user
    counts = [(entry.label, entry.counter(staff)) for entry in HOME_COUNTS if shown_to(staff, entry)]
    work = my_work(staff)
    today = local_date(utcnow())
    calendar = WorkingCalendar.load()
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])  # next year's comes each November
    warnings = [w for w in map(calendar.coverage_warning, years) if w]
    return render_template(
        "console/home.html",
        counts=counts,
        work=work,
        calendar_warnings=warnings,
        can_enter_calendar=can(staff, "calendar.edit"),
        note=texts.ROLE_NOTES.get(staff.role),
    )
