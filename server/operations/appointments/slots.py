"""The slots of a schedule, computed from its hours, the working calendar and the station's closures,
with the places left in each read from the slot tallies in one query."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from models import SlotTally, db
from models.types import utcnow
from server.operations.appointments import texts
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError
from server.operations.network.stations import day_status
from server.timezone import LOCAL, local_date

DEFAULT_HOURS = "09:00-12:00,14:00-17:00"


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    places: int  # for the asker: online places, or every desk for staff
    booked: int
    closed: bool = False

    @property
    def remaining(self):
        return 0 if self.closed else max(0, self.places - self.booked)

    @property
    def local_start(self):
        return self.starts_at.astimezone(LOCAL)


@dataclass(frozen=True)
class Day:
    day: date
    slots: list

    @property
    def remaining(self):
        return sum(slot.remaining for slot in self.slots)


def when(starts_at):
    """ "12月8日 周二 09:30", as people read a time."""
    moment = starts_at.astimezone(LOCAL)
    weekday = texts.WEEKDAYS[moment.weekday()]
    return texts.WHEN.format(month=moment.month, day=moment.day, weekday=weekday, time=f"{moment:%H:%M}")


def day_label(day):
    """ "12月8日 周二"."""
    return texts.DAY_LABEL.format(month=day.month, day=day.day, weekday=texts.WEEKDAYS[day.weekday()])


def month_day(day):
    """ "12月8日"."""
    return texts.MONTH_DAY.format(month=day.month, day=day.day)


def periods(hours):
    """ "08:30-12:00,14:00-17:30" → [(08:30, 12:00), (14:00, 17:30)]; DomainError when malformed."""
    result = []
    for part in (hours or "").replace("，", ",").split(","):
        try:
            start, end = (time.fromisoformat(t.strip()) for t in part.split("-"))
        except ValueError:
            raise DomainError(texts.BAD_HOURS.format(hours=hours), field="hours") from None
        if end <= start:
            raise DomainError(texts.BAD_HOURS.format(hours=hours), field="hours")
        result.append((start, end))
    return sorted(result)


def hours_of(schedule):
    return schedule.hours or schedule.station.hours or DEFAULT_HOURS


def slot_starts(schedule, day):
    """The local start times of `day`'s slots by the schedule's hours (calendar not consulted)."""
    step = timedelta(minutes=schedule.slot_minutes)
    starts = []
    for start, end in periods(hours_of(schedule)):
        moment = datetime.combine(day, start, LOCAL)
        while moment + step <= datetime.combine(day, end, LOCAL):
            starts.append(moment)
            moment += step
    return starts


def bookable_range(schedule, now=None):
    """(first moment, last day) a person may book online: from the next working day (or the
    schedule's hours of notice) to `window_days` ahead."""
    now = now or utcnow()
    today = local_date(now)
    if schedule.notice_hours is None:
        first = datetime.combine(today + timedelta(days=1), time(0), LOCAL)
    else:
        first = now + timedelta(hours=schedule.notice_hours)
    return first, today + timedelta(days=schedule.window_days)


def availability(schedule, first_day, last_day, for_staff=False, now=None, calendar=None):
    """The open days from `first_day` to `last_day` with their slots; online askers see only what
    they may book, staff see every future slot of every desk."""
    now = now or utcnow()
    calendar = calendar or WorkingCalendar.load()
    if for_staff:
        earliest, last_allowed = now, last_day
    else:
        earliest, last_allowed = bookable_range(schedule, now)
    last_day = min(last_day, last_allowed)
    tallies = _tallies(schedule, first_day, last_day)
    places = schedule.desks if for_staff else schedule.online_places
    days, day = [], first_day
    while day <= last_day:
        if day_status(schedule.station, day, calendar).open:
            slots = [
                _slot(schedule, start, places, tallies)
                for start in slot_starts(schedule, day)
                if start >= earliest
            ]
            if slots:
                days.append(Day(day, slots))
        day += timedelta(days=1)
    return days


def find_slot(schedule, starts_at, for_staff=False, now=None):
    """The slot starting at `starts_at` if the schedule offers it and it may be booked now; a
    DomainError naming `start` otherwise."""
    day = local_date(starts_at)
    offered = next((s for s in availability(schedule, day, day, for_staff, now) if s.day == day), None)
    slot = next((s for s in offered.slots if s.starts_at == starts_at), None) if offered else None
    if slot is None:
        raise DomainError(texts.SLOT_NOT_OFFERED, field="start")
    if slot.closed:
        raise DomainError(texts.SLOT_CLOSED, field="start")
    return slot


def nearest_free(schedule, around, limit=3, for_staff=False, now=None):
    """Up to `limit` slots with places left, nearest in time to `around`."""
    first, last = local_date(around) - timedelta(days=7), local_date(around) + timedelta(days=14)
    free = [
        slot
        for day in availability(schedule, first, last, for_staff, now)
        for slot in day.slots
        if slot.remaining > 0
    ]
    return sorted(free, key=lambda slot: abs(slot.starts_at - around))[:limit]


def _tallies(schedule, first_day, last_day):
    start = datetime.combine(first_day, time(0), LOCAL)
    end = datetime.combine(last_day + timedelta(days=1), time(0), LOCAL)
    rows = db.session.execute(
        select(SlotTally.starts_at, SlotTally.booked, SlotTally.closed).where(
            SlotTally.schedule_id == schedule.id, SlotTally.starts_at >= start, SlotTally.starts_at < end
        )
    )
    return {starts_at: (booked, closed) for starts_at, booked, closed in rows}


def _slot(schedule, local_start, places, tallies):
    starts_at = local_start.astimezone(UTC)
    booked, closed = tallies.get(starts_at, (0, False))
    return Slot(starts_at, starts_at + timedelta(minutes=schedule.slot_minutes), places, booked, closed)
