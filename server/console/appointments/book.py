"""预约登记: booking for someone who phoned or walked in. Staff choose the service and the day (a GET
form: the page again with that day's slots, every desk counted, places held back for walk-ins and
phone too), then the time, the person's name and mobile, and whether they phoned or came in. A
registered person can be found by mobile or ID number, so the booking is on their record."""

import re
from datetime import datetime

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from models import Veteran, db
from server.console import bp, texts
from server.console.appointments.days import chosen_day, desk_station, schedules_of, station_options
from server.console.appointments.forms import BookForm
from server.console.helpers import actor, run_action, scoped_or_404
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.appointments.slots import availability, day_label, when
from server.operations.core.numbers import whole_number
from server.operations.core.personal_data import clean_mobile, clean_name, mask_id, mask_mobile
from server.operations.veterans.queries import VeteranFilter, search_veterans
from server.timezone import local

FOUND_LIMIT = 10
MOBILE = re.compile(r"1\d{10}")


@bp.route("/appointments/new", methods=["GET", "POST"])
def appointment_new():
    station = desk_station()
    schedules = schedules_of(station)
    service_id = whole_number(request.values.get("service", ""))
    schedule = next((s for s in schedules if s.service_id == service_id), schedules[0] if schedules else None)
    day = chosen_day(request.values.get("day", ""))
    veteran = _chosen_veteran(request.values.get("veteran", ""))
    form = BookForm(name=veteran.name if veteran else None, mobile=veteran.mobile if veteran else None)
    form.starts_at.choices = _slot_choices(schedule, day)
    if request.method == "POST" and schedule is not None and form.validate_on_submit():
        return run_action(
            lambda: _book(form, schedule, veteran),
            lambda booking: texts.BOOKED_FOR.format(
                name=booking.name, service=booking.service.name, time=when(booking.starts_at)
            ),
            lambda booking: url_for(
                "console.appointments_day", station=booking.station_id, day=booking.day.isoformat()
            ),
            form,
            refused=lambda error: _page(form, station, schedules, schedule, day, veteran, error.status),
        )
    status = 400 if request.method == "POST" else 200
    return _page(form, station, schedules, schedule, day, veteran, status)


def _page(form, station, schedules, schedule, day, veteran, status=200):
    find = request.values.get("find", "").strip()[:40]
    page = render_template(
        "console/appointment_new.html",
        form=form,
        station=station,
        stations=station_options(),
        schedules=schedules,
        schedule=schedule,
        day=day,
        day_name=day_label(day),
        veteran=veteran,
        find=find,
        found=_registrations(find),
        mask_id=mask_id,
        mask_mobile=mask_mobile,
    )
    return page, status


def _slot_choices(schedule, day):
    """The day's slots with a place left, for staff (every desk, held-back places too)."""
    if schedule is None:
        return []
    found = availability(schedule, day, day, for_staff=True)
    slots = [slot for d in found for slot in d.slots if slot.remaining > 0]
    return [SelectChoice(s.starts_at.isoformat(), _slot_label(s)) for s in slots]


def _slot_label(slot):
    return texts.SLOT_CHOICE.format(time=f"{local(slot.starts_at):%H:%M}", left=slot.remaining)


def _book(form, schedule, veteran):
    name, mobile = clean_name(form.name.data), clean_mobile(form.mobile.data)
    person = people.by_phone(name, mobile, veteran)
    starts_at = datetime.fromisoformat(form.starts_at.data)  # one of the choices offered
    return book_slot(person, schedule, starts_at, form.channel.data, actor(), staff=current_user)


def _chosen_veteran(raw):
    number = whole_number(raw)
    return scoped_or_404(Veteran, number) if number is not None else None


def _registrations(find):
    """Registered people in the user's scope with this mobile or ID number (at most a few)."""
    if not find:
        return []
    statement = search_veterans(current_user, VeteranFilter()).where(Veteran.state != "draft")
    digits = re.sub(r"[\s-]", "", find).removeprefix("+86")
    if MOBILE.fullmatch(digits):
        rows = db.session.execute(statement.where(Veteran.mobile_tail == digits[-4:]).limit(500)).scalars()
        return [v for v in rows if v.mobile == digits][:FOUND_LIMIT]
    hashes = current_app.extensions["keyring"].lookup_hashes(find.upper())
    return db.session.execute(statement.where(Veteran.id_hash.in_(hashes)).limit(FOUND_LIMIT)).scalars().all()
