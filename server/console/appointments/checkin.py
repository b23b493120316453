"""签到: the person shows their code; staff type the 6-digit short code, a scanner types the QR's
token into the same box, or the browser's camera reads the QR (jsQR, served by the app) and fills
it in. Several of today's bookings sharing a short code: staff pick the person."""

from flask import render_template, url_for
from flask_login import current_user

from models import Booking
from server.console import bp, texts
from server.console.appointments.days import today
from server.console.appointments.forms import CheckInForm
from server.console.helpers import actor, run_action, show_error
from server.operations.appointments.desk import check_in, find_by_code
from server.operations.appointments.slots import when
from server.operations.appointments.station_events import check_in_signup
from server.operations.core.access import require
from server.operations.core.errors import DomainError
from server.operations.core.personal_data import mask_mobile


def key_of(record):
    """How the page names a match: "B12" (a booking) or "E3" (an event sign-up)."""
    return f"{'B' if isinstance(record, Booking) else 'E'}{record.id}"


def describe(record):
    """(name, masked mobile, what, when) of a match, for staff to recognise the person."""
    if isinstance(record, Booking):
        return record.name or "", mask_mobile(record.mobile), record.service.name, when(record.starts_at)
    event = record.event
    return record.name or "", mask_mobile(record.mobile), event.title, when(event.starts_at)


def _page(form, matches=(), status=200):
    page = render_template(
        "console/appointments_checkin.html",
        form=form,
        matches=[(key_of(m), describe(m)) for m in matches],
        day=today(),
    )
    return page, status


@bp.get("/appointments/check-in")
def appointment_check_in():
    require(current_user, "bookings.handle")
    return _page(CheckInForm(formdata=None))


@bp.post("/appointments/check-in")
def appointment_check_in_post():
    require(current_user, "bookings.handle")
    form = CheckInForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        matches = find_by_code(form.code.data, current_user)
    except DomainError as error:
        show_error(form, error)
        return _page(form, status=error.status)
    chosen = [m for m in matches if key_of(m) == form.pick.data] if form.pick.data else matches
    if len(chosen) != 1:  # a short code today's bookings share: the person is picked from the list
        return _page(form, matches)
    record = chosen[0]
    name, _mobile, what, _when = describe(record)
    change = lambda: (check_in if isinstance(record, Booking) else check_in_signup)(record, actor())  # noqa: E731
    return run_action(
        change,
        texts.CHECKED_IN.format(name=name, what=what),
        url_for("console.appointment_check_in"),
        form,
        refused=lambda error: _page(form, status=error.status),
    )
