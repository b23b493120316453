"""No-shows: `no_show_limit` appointments missed within `no_show_window_days` hold online booking for
`no_show_hold_days` from the last of them. Worked out from the bookings each time; nothing stored."""

from datetime import timedelta

from sqlalchemy import select

from models import Booking, db
from models.types import utcnow
from server.extensions import settings
from server.operations.appointments import texts
from server.operations.appointments.people import keys_of
from server.operations.appointments.slots import month_day
from server.operations.core.errors import Conflict
from server.timezone import local_date


def hold_of(person_keys, leaving_out=None):
    """(held until, no-shows counted) when online booking is held for these keys, else None;
    `leaving_out` a booking id, to tell whether that no-show is what started the hold."""
    rules, today = settings(), local_date(utcnow())
    since = today - timedelta(days=rules.no_show_window_days + rules.no_show_hold_days)
    statement = select(Booking.day).where(
        Booking.person_key.in_(person_keys), Booking.state == "no_show", Booking.day >= since
    )
    if leaving_out is not None:
        statement = statement.where(Booking.id != leaving_out)
    days = sorted(db.session.execute(statement).scalars())
    held_until = None
    for index in range(rules.no_show_limit - 1, len(days)):
        first, last = days[index - rules.no_show_limit + 1], days[index]
        if (last - first).days < rules.no_show_window_days:
            held_until = last + timedelta(days=rules.no_show_hold_days)
    if held_until is None or held_until <= today:
        return None
    return held_until, rules.no_show_limit


def check_not_on_hold(person, station):
    hold = hold_of(keys_of(person))
    if hold is not None:
        raise Conflict(hold_message(hold, station), field="start")


def hold_message(hold, station, template=texts.ON_HOLD):
    until, count = hold
    return template.format(
        window=settings().no_show_window_days,
        count=count,
        until=month_day(until),
        phone=station.phone or texts.PHONE_UNKNOWN,
    )
