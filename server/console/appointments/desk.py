"""预约: a station's bookings of a day by time, with the slots and their places; the week's counts;
the printed day list. Server-rendered, no script needed: village PCs are slow."""

from datetime import timedelta

from flask import render_template, request
from flask_login import current_user

from models.types import utcnow
from server.console import bp
from server.console.appointments.days import (
    chosen_day,
    desk_station,
    monday_of,
    schedules_of,
    slots_of_day,
    station_options,
    today,
    week_counts,
)
from server.console.appointments.forms import CloseDayForm
from server.operations.appointments.desk import day_list
from server.operations.appointments.slots import day_label
from server.operations.core.access import can
from server.operations.core.numbers import whole_number
from server.operations.core.personal_data import mask_mobile
from server.timezone import local


@bp.app_template_filter("clock")
def clock(moment):
    """ "09:30": a time of day, in China time."""
    return local(moment).strftime("%H:%M")


def _filters():
    station = desk_station()
    day = chosen_day(request.args.get("day", ""))
    service_id = whole_number(request.args.get("service", ""))
    return station, day, service_id


def _bookings(station, day, service_id):
    rows = day_list(station, day)
    return [b for b in rows if service_id is None or b.service_id == service_id]


@bp.get("/appointments")
def appointments_day():
    station, day, service_id = _filters()
    schedules = schedules_of(station)
    shown = [s for s in schedules if service_id is None or s.service_id == service_id]
    return render_template(
        "console/appointments_day.html",
        station=station,
        day=day,
        day_name=day_label(day),
        service_id=service_id,
        schedules=schedules,
        slots=[(schedule, slots_of_day(schedule, day)) for schedule in shown],
        bookings=_bookings(station, day, service_id),
        stations=station_options(),
        now=utcnow(),
        today=today(),
        masked=mask_mobile,
        prev_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
        close_day_form=CloseDayForm(formdata=None, station=station.id, starts_on=day, ends_on=day),
        may_close_day=can(current_user, "stations.edit"),
    )


@bp.get("/appointments/week")
def appointments_week():
    station, day, service_id = _filters()
    first = monday_of(day)
    schedules = [s for s in schedules_of(station) if service_id is None or s.service_id == service_id]
    rows = [(schedule, week_counts(schedule, first)) for schedule in schedules]
    days = [count.day for count in rows[0][1]] if rows else []
    return render_template(
        "console/appointments_week.html",
        station=station,
        first=first,
        days=[(d, day_label(d)) for d in days],
        rows=rows,
        service_id=service_id,
        schedules=schedules_of(station),
        stations=station_options(),
        today=today(),
    )


@bp.get("/appointments/print")
def appointments_print():
    station, day, service_id = _filters()
    return render_template(
        "console/appointments_print.html",
        station=station,
        day_name=day_label(day),
        bookings=_bookings(station, day, service_id),
        printed_at=utcnow(),
        masked=mask_mobile,
        local=local,
    )
