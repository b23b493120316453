"""Deadlines of requests on China's working calendar: set, paused while waiting on the person, and
watched by the sweep (a warning before, 督办 one level up after).

A deadline is a date: the request is due by the end of that working day in Asia/Shanghai.
"""

from datetime import timedelta

from models.types import utcnow
from server.timezone import local_date

ACCEPT_DAYS = 15  # 信访: tell the person within 15 days whether it is accepted
EXTENSION_MAX_DAYS = 30  # 信访: handling extended once, by at most 30
REVIEW_DAYS = 30  # 信访: 复查/复核 asked within 30 days, answered within 30
REOPEN_DAYS = 30  # service requests: reopened within 30 days of being resolved
RATING_WAIT_DAYS = 5  # staff close a resolved request unrated only after the person had these to rate
WARN_DAYS = 2  # working days before a deadline that the assignee is warned...
DUE_SOON_SHARE = 0.5  # ...once less than this share of the time it was given is left (or it is due today)
ESCALATION_GRACE_DAYS = 2  # working days the supervisor has before it climbs again


def today():
    return local_date(utcnow())


def start_clock(request, calendar, day):
    """The deadlines of a new request filed on `day`."""
    category = request.category
    if request.track == "petition":
        request.respond_due_on, request.due_on = None, calendar.add_working_days(day, ACCEPT_DAYS)
    else:
        request.respond_due_on = calendar.add_working_days(day, category.first_response_days)
        request.due_on = calendar.add_working_days(day, category.resolution_days)


def pause_clock(request, day):
    request.paused_on = day


def resume_clock(request, calendar, day):
    """Push the deadlines back by the working days spent waiting on the person."""
    if request.paused_on is None:
        return
    waited = max(calendar.working_days_between(request.paused_on, day), 0)
    if request.respond_due_on:
        request.respond_due_on = calendar.add_working_days(request.respond_due_on, waited)
    if request.due_on:
        request.due_on = calendar.add_working_days(request.due_on, waited)
    request.paused_on = None


def forget_escalation(request):
    """A new deadline, or a new owner, starts the warnings and 督办 afresh."""
    request.escalation_level, request.escalated_until, request.warned_for = 0, None, None


def mark_answered(request, calendar):
    """The first public answer (a reply, a petition accepted or refused) stops the response clock;
    the working days it took are kept for the dashboard, as the calendar counts them now."""
    if request.first_responded_at is None:
        request.first_responded_at, request.respond_due_on = utcnow(), None
        request.response_days = working_days_since_filed(request, calendar, request.first_responded_at)


def mark_resolved(request, calendar):
    request.resolved_at = utcnow()
    request.resolution_days = working_days_since_filed(request, calendar, request.resolved_at)


def working_days_since_filed(request, calendar, moment):
    """Working days from the request's filing to `moment` (both Asia/Shanghai days)."""
    return calendar.working_days_between(local_date(request.created_at or moment), local_date(moment))


def working_days_since_resolved(request, calendar, day):
    """Working days from the request's resolution (Asia/Shanghai) to `day`; None if never resolved."""
    if request.resolved_at is None:
        return None
    return calendar.working_days_between(local_date(request.resolved_at), day)


def next_due(request):
    """The earliest running deadline, or None (closed, or paused while waiting on the person)."""
    if not request.is_open or request.paused_on is not None:
        return None
    dates = [d for d in (request.respond_due_on, request.due_on) if d is not None]
    return min(dates) if dates else None


def due_status(request, calendar, day):
    """ "overdue", "due_soon" (see latest_filing_due_soon) or None."""
    due = next_due(request)
    if due is None:
        return None
    if due < day:
        return "overdue"
    latest = latest_filing_due_soon(calendar, due, day)
    if latest is not None and local_date(request.created_at or utcnow()) <= latest:
        return "due_soon"
    return None


def latest_filing_due_soon(calendar, due, day):
    """The last filing day on which a request due on `due` counts as due soon on `day`: the deadline is
    WARN_DAYS working days away or fewer, and less than DUE_SOON_SHARE of the working days it was
    given is left, so a request is not 即将到期 the moment it is filed. None when `due` is too far."""
    left = calendar.working_days_between(day, due)
    if left > WARN_DAYS:
        return None
    if left == 0:
        return due
    filed, given = due, 0
    while given <= left / DUE_SOON_SHARE:
        given += calendar.is_working_day(filed)
        filed -= timedelta(days=1)
    return filed
