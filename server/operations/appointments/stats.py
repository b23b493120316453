"""The dashboard's figures for appointments (预约统计) in a staff member's subtree over a period of
Asia/Shanghai days: bookings by station and by service, the no-show rate, and how full the past
slots were.

Bookings and places taken are counted by SQL aggregates. The places offered are stored nowhere
(slots are computed), so they are counted per schedule: its slots a day times its station's open
days of the period, less the slots staff closed.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, contains_eager

from models import Booking, Schedule, Service, SlotTally, Station, StationClosure, db
from models.types import utcnow
from server.operations.appointments.slots import slot_starts
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.scope import in_scope
from server.operations.service_requests.stats import Share
from server.timezone import local_date

STANDING = ("booked", "checked_in", "done", "no_show")  # not cancelled, nor the old one of a move
DUE = ("checked_in", "done", "no_show")  # the person came, or should have


@dataclass(frozen=True)
class BookingStats:
    by_station: list  # [(station, bookings, no-shows)]: the user's own station, then each one below
    by_service: list  # [(service name, bookings, no-shows)]
    no_show: Share  # no-shows of the bookings that were due (checked in, done or no-show)
    fill: Share  # places booked of the online places offered in the period's past slots


def booking_stats(staff, period, now=None):
    """The appointment figures for `staff`'s subtree over `period` (a Period of local days)."""
    now = now or utcnow()
    by_state = dict(
        db.session.execute(
            _standing(select(Booking.state, func.count()), staff, period).group_by(Booking.state)
        ).all()
    )
    return BookingStats(
        by_station=_by_station(staff, period),
        by_service=_by_service(staff, period),
        no_show=Share(by_state.get("no_show", 0), sum(by_state.get(s, 0) for s in DUE)),
        fill=Share(_places_booked(staff, period, now), _places_offered(staff, period, now)),
    )


def _counts():
    return func.count(Booking.id), func.coalesce(func.sum(case((Booking.state == "no_show", 1), else_=0)), 0)


def _standing(statement, staff, period):
    return statement.where(
        in_scope(Booking, staff), Booking.day.between(period.start, period.end), Booking.state.in_(STANDING)
    )


def _by_station(staff, period):
    """Counts at the user's station, and rolled up to each station directly below it."""
    own = staff.station
    child, below = aliased(Station), aliased(Station)
    own_counts = db.session.execute(
        _standing(select(*_counts()), staff, period).where(Booking.station_id == own.id)
    ).one()
    rows = db.session.execute(
        _standing(
            select(child.id, *_counts())
            .select_from(child)
            .join(below, below.path.startswith(child.path))
            .join(Booking, Booking.station_id == below.id),
            staff,
            period,
        )
        .where(child.parent_id == own.id)
        .group_by(child.id)
    ).all()
    counted = {station_id: (n, missed) for station_id, n, missed in rows}
    children = db.session.scalars(select(Station).where(Station.parent_id == own.id).order_by(Station.code))
    return [(own, *own_counts)] + [(c, *counted.get(c.id, (0, 0))) for c in children]


def _by_service(staff, period):
    rows = db.session.execute(
        _standing(select(Booking.service_id, *_counts()), staff, period).group_by(Booking.service_id)
    ).all()
    counted = {service_id: (n, missed) for service_id, n, missed in rows}
    services = db.session.scalars(
        select(Service).where(Service.active | Service.id.in_(counted)).order_by(Service.sort, Service.id)
    )
    return [(s.name, *counted.get(s.id, (0, 0))) for s in services]


def _online_schedules(staff):
    return (
        select(Schedule)
        .join(Schedule.station)
        .join(Schedule.service)
        .where(in_scope(Station, staff), Station.active, Schedule.active, Service.active, Service.online)
    )


def _past_slots(period, now):
    return period.holds(SlotTally.starts_at) & (SlotTally.starts_at < now)


def _places_booked(staff, period, now):
    """Places of the online share taken in the period's past slots (no-shows took theirs too)."""
    online = _online_schedules(staff).with_only_columns(Schedule.id).subquery()
    return db.session.scalar(
        select(func.coalesce(func.sum(SlotTally.booked - SlotTally.held), 0)).where(
            SlotTally.schedule_id.in_(select(online.c.id)), ~SlotTally.closed, _past_slots(period, now)
        )
    )


def _places_offered(staff, period, now):
    """Online places of the period's past slots: per schedule, its slots a day on its station's
    open days (today only the slots begun), less the slots staff closed."""
    today = local_date(now)
    calendar = WorkingCalendar.load()
    days = [period.start + timedelta(days=n) for n in range((min(period.end, today) - period.start).days + 1)]
    working = [day for day in days if calendar.is_working_day(day)]
    closed_days = _closed_days(staff, working)
    schedules = db.session.scalars(
        _online_schedules(staff).options(contains_eager(Schedule.station), contains_eager(Schedule.service))
    )
    offered = 0
    for schedule in schedules:
        if schedule.station.level not in schedule.service.levels:
            continue
        closed = closed_days.get(schedule.station_id, set())
        starts = slot_starts(schedule, today)  # every day's slots start at the same times
        whole_days = sum(1 for day in working if day < today and day not in closed)
        begun = sum(1 for start in starts if start < now) if today in working and today not in closed else 0
        offered += (len(starts) * whole_days + begun) * schedule.online_places
    return offered - _closed_places(staff, period, now)


def _closed_days(staff, working):
    """{station id: the working days of `working` it was closed}."""
    if not working:
        return {}
    closures = db.session.execute(
        select(StationClosure.station_id, StationClosure.starts_on, StationClosure.ends_on)
        .join(Station)
        .where(
            in_scope(Station, staff),
            StationClosure.ends_on >= working[0],
            StationClosure.starts_on <= working[-1],
        )
    ).all()
    closed = {}
    for station_id, starts_on, ends_on in closures:
        closed.setdefault(station_id, set()).update(d for d in working if starts_on <= d <= ends_on)
    return closed


def _closed_places(staff, period, now):
    online = _online_schedules(staff).with_only_columns(Schedule.id, Schedule.desks, Schedule.held_back)
    online = online.subquery()
    return db.session.scalar(
        select(func.coalesce(func.sum(online.c.desks - online.c.held_back), 0))
        .select_from(SlotTally)
        .join(online, online.c.id == SlotTally.schedule_id)
        .where(SlotTally.closed, _past_slots(period, now))
    )
