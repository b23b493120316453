"""Services (服务事项) and the schedules stations offer them on: what administrators and station
heads set up before anyone can book."""

from sqlalchemy import select

from models import Schedule, Service, Station, db
from models.appointment import REGISTRATION_NEEDS
from models.station import LEVELS
from server.operations.appointments import texts
from server.operations.appointments.slots import periods
from server.operations.core import audit
from server.operations.core.errors import DomainError

SERVICE_FIELDS = ("name", "minutes", "materials", "levels", "registration_needed", "online", "sort", "active")
SCHEDULE_FIELDS = (
    "hours", "slot_minutes", "desks", "held_back", "notice_hours", "window_days", "cutoff_hours", "active",
)  # fmt: skip


def active_services(online_only=False):
    statement = select(Service).where(Service.active).order_by(Service.sort, Service.id)
    if online_only:
        statement = statement.where(Service.online)
    return db.session.execute(statement).scalars().all()


def services_at(station, online_only=True):
    """The services a station takes bookings for: offered at its level, with an active schedule."""
    statement = (
        select(Service)
        .join(Schedule, Schedule.service_id == Service.id)
        .where(Schedule.station_id == station.id, Schedule.active, Service.active)
        .order_by(Service.sort, Service.id)
    )
    if online_only:
        statement = statement.where(Service.online)
    return [s for s in db.session.execute(statement).scalars() if station.level in s.levels]


def stations_offering(service, within=None):
    """The active stations with an active schedule for `service` (below `within` when given)."""
    statement = (
        select(Station)
        .join(Schedule, Schedule.station_id == Station.id)
        .where(Schedule.service_id == service.id, Schedule.active, Station.active)
        .order_by(Station.path)
    )
    if within is not None:
        statement = statement.where(Station.path.startswith(within.path))
    return [s for s in db.session.execute(statement).scalars() if s.level in service.levels]


def save_service(service, values, actor):
    """Create (`service` None) or change a service."""
    _check_service(values)
    if service is None:
        service = Service()
        db.session.add(service)
    for name in SERVICE_FIELDS:
        if name in values:
            setattr(service, name, values[name])
    db.session.flush()
    audit.record(actor, "service.save", service, name=service.name)
    return service


def save_schedule(station, service, values, actor):
    """Set a station's schedule for a service (created the first time)."""
    _check_schedule(values)
    schedule = db.session.execute(
        select(Schedule).where(Schedule.station_id == station.id, Schedule.service_id == service.id)
    ).scalar_one_or_none()
    if schedule is None:
        schedule = Schedule(station_id=station.id, service_id=service.id)
        db.session.add(schedule)
    for name in SCHEDULE_FIELDS:
        if name in values:
            setattr(schedule, name, values[name])
    db.session.flush()
    audit.record(actor, "schedule.save", schedule, station_id=station.id, service=service.name)
    return schedule


def _check_service(values):
    name = (values.get("name") or "").strip()
    if not name or len(name) > 40:
        raise DomainError(texts.SERVICE_NAME_REQUIRED, field="name")
    values["name"] = name
    if not set(values.get("levels") or ()) <= set(LEVELS) or not values.get("levels"):
        raise DomainError(texts.SERVICE_LEVELS_REQUIRED, field="levels")
    if values.get("registration_needed", "none") not in REGISTRATION_NEEDS:
        raise DomainError(texts.SERVICE_REGISTRATION_UNKNOWN, field="registration_needed")
    if not 5 <= values.get("minutes", 30) <= 480:
        raise DomainError(texts.SERVICE_MINUTES, field="minutes")


def _check_schedule(values):
    if values.get("hours"):
        periods(values["hours"])
    desks, held = values.get("desks", 1), values.get("held_back", 0)
    if not 1 <= desks <= 50 or not 0 <= held <= desks:
        raise DomainError(texts.SCHEDULE_DESKS, field="desks")
    if not 5 <= values.get("slot_minutes", 30) <= 480:
        raise DomainError(texts.SCHEDULE_SLOT_MINUTES, field="slot_minutes")
    if not 1 <= values.get("window_days", 14) <= 90:
        raise DomainError(texts.SCHEDULE_WINDOW, field="window_days")
    notice = values.get("notice_hours")
    if notice is not None and not 0 <= notice <= 720:
        raise DomainError(texts.SCHEDULE_NOTICE, field="notice_hours")
    if not 0 <= values.get("cutoff_hours", 2) <= 168:
        raise DomainError(texts.SCHEDULE_CUTOFF, field="cutoff_hours")
