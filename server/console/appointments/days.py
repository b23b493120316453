"""What the desk's pages share: the station and day they are about (from the URL, within the user's
scope), the station's schedules, and the slots of a day or a week with what is booked in them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import request
from flask_login import current_user
from sqlalchemy import select

from models import Schedule, Service, Station, db
from models.types import utcnow
from server.console import texts
from server.console.helpers import scoped_or_404, station_choices
from server.operations.appointments.slots import availability
from server.operations.core.access import require
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError
from server.operations.core.numbers import whole_number
from server.operations.core.scope import scoped
from server.timezone import LOCAL, local_date

WEEK = 7


def desk_station(raw=None):
    """The station a page is about: `station` of the URL (404 outside the user's scope), else their own.
    403 for a role that does not run the desk."""
    require(current_user, "bookings.handle")
    raw = request.values.get("station", "") if raw is None else raw
    if not raw:
        return current_user.station
    number = whole_number(raw)
    if number is None:
        raise DomainError(texts.DESK_STATION_UNKNOWN, field="station")
    return scoped_or_404(Station, number)


def chosen_day(raw, name="day"):
    """A date from the URL (YYYY-MM-DD), today when it is empty; a 400 naming the field otherwise."""
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(texts.DESK_BAD_DAY.format(value=raw[:20]), field=name) from None


def today():
    return local_date(utcnow())


def station_options():
    """The active stations of the user's scope, for the station filter."""
    statement = scoped(select(Station).where(Station.active), Station, current_user).order_by(Station.path)
    return station_choices(statement, keep=(current_user.station_id,))


def schedules_of(station, service_id=None):
    """The station's active schedules (with their services), in the services' order."""
    statement = (
        select(Schedule)
        .join(Service, Schedule.service_id == Service.id)
        .where(Schedule.station_id == station.id, Schedule.active, Service.active)
        .order_by(Service.sort, Service.id)
    )
    if service_id is not None:
        statement = statement.where(Schedule.service_id == service_id)
    return db.session.execute(statement).scalars().all()


def slots_of_day(schedule, day, calendar=None):
    """Every slot of `day` (past ones too), with every desk counted; [] when the station is closed."""
    start = datetime.combine(day, time(0), LOCAL)
    found = availability(schedule, day, day, for_staff=True, now=start, calendar=calendar)
    return found[0].slots if found else []


@dataclass(frozen=True)
class DayCount:
    day: date
    booked: int
    remaining: int
    slots: int
    full: int
    open: bool  # the station works that day


def week_counts(schedule, first_day):
    """A DayCount for each of the seven days from `first_day`."""
    calendar = WorkingCalendar.load()
    counts = []
    for offset in range(WEEK):
        day = first_day + timedelta(days=offset)
        slots = slots_of_day(schedule, day, calendar)
        counts.append(
            DayCount(
                day,
                sum(slot.booked for slot in slots),
                sum(slot.remaining for slot in slots),
                len(slots),
                sum(1 for slot in slots if slot.remaining == 0),
                bool(slots),
            )
        )
    return counts


def monday_of(day):
    return day - timedelta(days=day.weekday())
