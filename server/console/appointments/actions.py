"""What staff do to the day's bookings: 已完成, 爽约, cancel (with a reason the person is told), close
a slot, close whole days. Each a POST with its CSRF token, back to the day it was done from."""

from datetime import UTC, datetime

from flask import flash, redirect, url_for
from flask_login import current_user

from models import Booking, Schedule
from server.console import bp, texts
from server.console.appointments.days import desk_station
from server.console.appointments.forms import CloseDayForm, CloseSlotForm, ReasonForm
from server.console.helpers import actor, run_action, scoped_or_404
from server.operations.appointments.bookings import cancel_booking
from server.operations.appointments.closures import close_station_days
from server.operations.appointments.desk import close_slot, finish, mark_no_show
from server.operations.appointments.slots import when
from server.operations.core.access import require
from server.operations.core.errors import DomainError
from server.operations.core.numbers import whole_number
from server.timezone import local_date


def _booking(booking_id):
    booking = scoped_or_404(Booking, booking_id)
    require(current_user, "bookings.handle")
    return booking


def _day_of(booking):
    return url_for("console.appointments_day", station=booking.station_id, day=booking.day.isoformat())


def _refusal(form):
    return "；".join(e for errors in form.errors.values() for e in errors)


@bp.post("/appointments/bookings/<int:booking_id>/done")
def appointment_done(booking_id):
    booking = _booking(booking_id)
    done = texts.BOOKING_DONE.format(name=booking.name or "")
    return run_action(lambda: finish(booking, actor()), done, _day_of(booking))


@bp.post("/appointments/bookings/<int:booking_id>/no-show")
def appointment_no_show(booking_id):
    booking = _booking(booking_id)
    done = texts.BOOKING_NO_SHOW.format(name=booking.name or "")
    return run_action(lambda: mark_no_show(booking, actor()), done, _day_of(booking))


@bp.post("/appointments/bookings/<int:booking_id>/cancel")
def appointment_cancel(booking_id):
    booking = _booking(booking_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_refusal(form), "error")
        return redirect(_day_of(booking))
    done = texts.BOOKING_CANCELLED.format(name=booking.name or "")
    change = lambda: cancel_booking(booking, actor(), form.reason.data, by_staff=True)  # noqa: E731
    return run_action(change, done, _day_of(booking))


@bp.post("/appointments/slots/close")
def appointment_close_slot():
    require(current_user, "bookings.handle")
    form = CloseSlotForm()
    schedule = scoped_or_404(Schedule, whole_number(form.schedule_id.data) or 0)
    starts_at = _moment(form.starts_at.data)
    back = url_for("console.appointments_day", station=schedule.station_id, day=_local_day(starts_at))
    if not form.validate_on_submit():
        flash(_refusal(form), "error")
        return redirect(back)
    change = lambda: close_slot(schedule, starts_at, form.reason.data, actor())  # noqa: E731
    done = lambda cancelled: texts.SLOT_CLOSED_DONE.format(  # noqa: E731
        time=when(starts_at), count=len(cancelled)
    )
    return run_action(change, done, back)


@bp.post("/appointments/close-day")
def appointment_close_day():
    form = CloseDayForm()
    station = desk_station(form.station.data or "")
    require(current_user, "stations.edit")
    if not form.validate_on_submit():
        flash(_refusal(form), "error")
        return redirect(url_for("console.appointments_day", station=station.id))
    starts_on, ends_on = form.starts_on.data, form.ends_on.data
    change = lambda: close_station_days(station, starts_on, ends_on, form.reason.data, actor())  # noqa: E731
    done = lambda result: texts.DAYS_CLOSED.format(count=len(result[1]))  # noqa: E731
    back = url_for("console.appointments_day", station=station.id, day=starts_on.isoformat())
    return run_action(change, done, back)


def _moment(raw):
    """A slot's start from the form (ISO 8601 with its offset)."""
    try:
        moment = datetime.fromisoformat(raw or "")
    except ValueError:
        raise DomainError(texts.DESK_BAD_SLOT, field="starts_at") from None
    if moment.tzinfo is None:
        raise DomainError(texts.DESK_BAD_SLOT, field="starts_at")
    return moment.astimezone(UTC)


def _local_day(moment):
    return local_date(moment).isoformat()
