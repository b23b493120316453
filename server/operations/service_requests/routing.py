"""Where a request goes and who has it: the person's station (or the level its category is routed to),
a clerk with the least open load, passing up (上报) and down (下派/交办)."""

from sqlalchemy import func, select

from models import ServiceRequest, Staff, Station, db
from models.request import OPEN_STATES
from models.station import LEVELS, path_ids
from server.operations.core.access import PERMISSIONS
from server.operations.core.errors import DomainError, InvalidState
from server.operations.messaging.staff_notices import notify_staff
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import forget_escalation
from server.operations.service_requests.events import add_event

HOLDING_ROLES = PERMISSIONS["requests.handle"]  # who may hold a request: those who can work on it
AUTO_ROLES = ("clerk", "head")  # whom new requests go to without a choice (clerks first)


def route_station(station, category):
    """`station`, or its ancestor at the category's routing level when `station` is below it; the
    top of the network when the level is above it (信访 to the city where a county runs the account)."""
    if category.route_level is None:
        return station
    chain = [station, *ancestors(station)]
    wanted = LEVELS.index(category.route_level)
    return next((s for s in chain if LEVELS.index(s.level) <= wanted), chain[-1])


def ancestors(station):
    """The stations above `station`, nearest first."""
    ids = path_ids(station.path)[:-1]
    rows = {s.id: s for s in db.session.execute(select(Station).where(Station.id.in_(ids))).scalars()}
    return [rows[i] for i in reversed(ids) if i in rows]


def least_loaded_clerk(station):
    """The active clerk of `station`, not away, with the fewest open requests (heads if no clerk)."""
    load = (
        select(func.count(ServiceRequest.id))
        .where(ServiceRequest.assignee_id == Staff.id, ServiceRequest.state.in_(OPEN_STATES))
        .scalar_subquery()
    )
    statement = (
        select(Staff)
        .where(Staff.station_id == station.id, Staff.active.is_(True), Staff.away.is_(False))
        .where(Staff.role.in_(AUTO_ROLES))
        .order_by((Staff.role != "clerk"), load, Staff.id)
        .limit(1)
    )
    return db.session.execute(statement).scalar_one_or_none()


def assignable_staff(station):
    """The active staff of `station` who may hold its requests, clerks first."""
    statement = select(Staff).where(
        Staff.station_id == station.id, Staff.active.is_(True), Staff.role.in_(HOLDING_ROLES)
    )
    return db.session.execute(statement.order_by(Staff.role != "clerk", Staff.name)).scalars().all()


def assign_request(request, staff, actor):
    """Give an open `request` to `staff`, who must work at the station that owns it."""
    if not request.is_open:
        raise InvalidState(texts.ASSIGN_CLOSED)
    held = staff is None or (
        staff.station_id == request.station_id and staff.active and staff.role in HOLDING_ROLES
    )
    if not held:
        raise DomainError(texts.ASSIGN_OUTSIDE, field="assignee_id")
    if staff is not None and staff.id == request.assignee_id:
        return request
    request.assignee_id = staff.id if staff is not None else None
    body = texts.ASSIGNED_TO.format(name=staff.name) if staff else texts.UNASSIGNED
    add_event(request, "assign", actor, body=body)
    if staff is not None and staff.id != actor.staff_id:
        notice = texts.ASSIGNED_NOTICE.format(number=request.number, title=request.title)
        notify_staff(staff, request, "assign", notice)
    return request


def assign_automatically(request, actor):
    clerk = least_loaded_clerk(request.station)
    if clerk is not None:
        assign_request(request, clerk, actor)
    return clerk


def pass_up(request, actor, note):
    """上报: the station above takes the request over."""
    _ensure_movable(request)
    parent = request.station.parent
    if parent is None:
        raise InvalidState(texts.PASS_UP_AT_TOP)
    _move(request, parent, actor, "pass_up", texts.PASSED_UP.format(station=parent.name), note)
    return request


def pass_down(request, station, actor, note):
    """下派/交办: a station below the owner takes the request over (so it stays in the actor's scope)."""
    _ensure_movable(request)
    if station.id == request.station_id or not request.station.contains(station):
        raise DomainError(texts.PASS_DOWN_OUTSIDE, field="station_id")
    _move(request, station, actor, "pass_down", texts.PASSED_DOWN.format(station=station.name), note)
    return request


def _move(request, station, actor, kind, summary, note):
    note = (note or "").strip()
    if not 2 <= len(note) <= 500:
        raise DomainError(texts.PASS_NOTE, field="note")
    request.station_id, request.station = station.id, station
    request.assignee_id = None
    forget_escalation(request)  # 督办 climbs from the new owner
    add_event(request, kind, actor, body=note, summary=summary, station_id=station.id)
    assign_automatically(request, actor)


def _ensure_movable(request):
    if not request.is_open:
        raise InvalidState(texts.PASS_CLOSED)
