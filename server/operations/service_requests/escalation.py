"""The deadline sweep's work on one request: a warning before its deadline, 督办 one level up after it.

Each step re-reads what it needs from the request itself (`warned_for`, `escalation_level`,
`escalated_until`), so running the sweep twice, or again after a crash, changes nothing twice.
"""

from sqlalchemy import select

from models import ServiceRequest, Staff, db
from models.request import OPEN_STATES
from models.station import path_ids
from server.operations.core.audit import Actor
from server.operations.messaging.staff_notices import notify_staff
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import (
    ESCALATION_GRACE_DAYS,
    WARN_DAYS,
    due_status,
    next_due,
)
from server.operations.service_requests.events import add_event
from server.operations.service_requests.routing import ancestors

SUPERVISING_ROLES = ("head", "supervisor")
SWEEPER = Actor.system(texts.SWEEPER)


def requests_to_sweep(day, warn_horizon):
    """Ids of open requests with a running deadline on or before `warn_horizon` (a date)."""
    due = ServiceRequest.due_on
    respond = ServiceRequest.respond_due_on
    statement = select(ServiceRequest.id).where(
        ServiceRequest.state.in_(OPEN_STATES),
        ServiceRequest.paused_on.is_(None),
        (due <= warn_horizon) | (respond <= warn_horizon),
    )
    return db.session.execute(statement.order_by(ServiceRequest.id)).scalars().all()


def sweep_request(request, calendar, day):
    """Warn or escalate `request` as its deadline stands on `day`; returns "warned", "escalated" or None."""
    status = due_status(request, calendar, day)
    if status == "due_soon":
        return "warned" if _warn(request) else None
    if status == "overdue":
        return "escalated" if _escalate(request, calendar, day) else None
    return None


def _warn(request):
    due = next_due(request)
    if request.warned_for == due:
        return False
    request.warned_for = due
    text = texts.DUE_SOON.format(number=request.number, due=due, days=WARN_DAYS, title=request.title)
    add_event(request, "warn", SWEEPER, body=text, due_on=due.isoformat())
    for staff in [request.assignee] if request.assignee else supervisors(request.station):
        notify_staff(staff, request, "warn", text)
    return True


def _escalate(request, calendar, day):
    if request.escalated_until is not None and request.escalated_until >= day:
        return False  # the level above still has its grace days
    if request.escalation_level >= len(path_ids(request.station.path)) - 1:
        return False  # already at the top of the network (counted from the path: no query per request)
    station = ancestors(request.station)[request.escalation_level]
    request.escalation_level += 1
    request.escalated_until = calendar.add_working_days(day, ESCALATION_GRACE_DAYS)
    due = next_due(request)
    text = texts.OVERDUE.format(
        number=request.number, station=request.station.name, due=due, title=request.title
    )
    add_event(request, "escalate", SWEEPER, body=text, level=request.escalation_level, station_id=station.id)
    for staff in supervisors(station):
        notify_staff(staff, request, "escalate", text)
    return True


def supervisors(station):
    statement = select(Staff).where(
        Staff.station_id == station.id, Staff.active.is_(True), Staff.role.in_(SUPERVISING_ROLES)
    )
    return db.session.execute(statement.order_by(Staff.id)).scalars().all()
