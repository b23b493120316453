"""服务事项 (the services, for the whole network) and 预约设置 (a station's schedule for each
service offered at its level, with the next days' slots as people will see them)."""

from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Schedule, Service, Station, db
from models.station import LEVEL_NAMES
from models.types import utcnow
from server.console import bp, texts
from server.console.appointments.setup_forms import REGISTRATION_NAMES, ScheduleForm, ServiceForm
from server.console.helpers import actor, run_action, scoped_or_404, station_choices
from server.operations.appointments.services import save_schedule, save_service
from server.operations.appointments.slots import availability, day_label, hours_of
from server.operations.core.access import can, require
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError
from server.operations.core.scope import scoped
from server.timezone import local_date

PREVIEW_DAYS = 7
LONGEST_WINDOW = 90  # days: how far ahead a schedule may take bookings (services._check_schedule)


@bp.get("/services")
def services():
    require(current_user, "services.edit")
    rows = db.session.scalars(select(Service).order_by(Service.sort, Service.id)).all()
    return render_template(
        "console/services.html", services=rows, levels=LEVEL_NAMES, registration=REGISTRATION_NAMES
    )


@bp.route("/services/new", methods=["GET", "POST"])
def new_service():
    require(current_user, "services.edit")
    return _service_page(None, ServiceForm())


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
def edit_service(service_id):
    require(current_user, "services.edit")
    service = db.session.get(Service, service_id) or abort(404)
    return _service_page(service, ServiceForm(obj=service))


def _service_page(service, form):
    if form.validate_on_submit():
        return run_action(
            lambda: save_service(service, form.values(), actor()),
            lambda saved: texts.SERVICE_SAVED.format(name=saved.name),
            url_for("console.services"),
            form,
            refused=lambda _: render_template("console/service_form.html", service=service, form=form),
        )
    return render_template("console/service_form.html", service=service, form=form)


@bp.get("/schedules")
def schedules_home():
    """预约设置 opens on the user's own station; the select on the page moves to another in scope."""
    require(current_user, "schedules.edit")
    station_id = request.args.get("station_id", type=int)
    if station_id is None:
        return _schedules_page(current_user.station, {})
    return redirect(url_for("console.schedules", station_id=scoped_or_404(Station, station_id).id))


@bp.get("/stations/<int:station_id>/schedules")
def schedules(station_id):
    station = scoped_or_404(Station, station_id)
    require(current_user, "schedules.edit")
    return _schedules_page(station, {})


@bp.post("/stations/<int:station_id>/schedules/<int:service_id>")
def save_station_schedule(station_id, service_id):
    station = scoped_or_404(Station, station_id)
    require(current_user, "schedules.edit")
    service = db.session.get(Service, service_id)
    if service is None or not service.active or station.level not in service.levels:
        abort(404)
    form = ScheduleForm(prefix=f"s{service.id}")
    back = url_for("console.schedules", station_id=station.id) + f"#service-{service.id}"
    if not form.validate_on_submit():
        return _schedules_page(station, {service.id: form}), 400

    def change():
        values = form.values()
        if form.notice.data == "hours" and values["notice_hours"] is None:
            raise DomainError(texts.NOTICE_HOURS_NEEDED, field="notice_hours")
        return save_schedule(station, service, values, actor())

    return run_action(
        change,
        texts.SCHEDULE_SAVED.format(service=service.name),
        back,
        form,
        refused=lambda _: (_schedules_page(station, {service.id: form}), 400),
    )


def _schedules_page(station, submitted):
    """Every active service offered at the station's level: its form (as submitted, or as saved) and,
    when it takes bookings, the next days' slots with every desk counted."""
    offered = [s for s in _active_services() if station.level in s.levels]
    saved = {
        s.service_id: s for s in db.session.scalars(select(Schedule).where(Schedule.station_id == station.id))
    }
    calendar = WorkingCalendar.load()
    rows = [_row(service, saved.get(service.id), submitted.get(service.id), calendar) for service in offered]
    stations = station_choices(
        scoped(select(Station), Station, current_user).where(Station.active).order_by(Station.path),
        keep=(station.id,),
    )
    return render_template(
        "console/schedules.html",
        station=station,
        rows=rows,
        stations=stations,
        station_hours=station.hours,
        calendar_warnings=_calendar_warnings(calendar),
        can_enter_calendar=can(current_user, "calendar.edit"),
    )


def _row(service, schedule, form, calendar):
    if form is None:
        form = ScheduleForm(prefix=f"s{service.id}", formdata=None)
        if schedule is not None:
            form.load(schedule)
        else:
            form.slot_minutes.data = service.minutes
            form.notice.data = "next_day"
    preview = []
    if schedule is not None and schedule.active:
        today = local_date(utcnow())
        found = availability(
            schedule, today, today + timedelta(days=PREVIEW_DAYS - 1), for_staff=True, calendar=calendar
        )
        preview = [(day_label(day.day), day.slots) for day in found]
    hours = hours_of(schedule) if schedule is not None else None
    return {"service": service, "schedule": schedule, "form": form, "preview": preview, "hours": hours}


def _active_services():
    return db.session.scalars(select(Service).where(Service.active).order_by(Service.sort, Service.id)).all()


def _calendar_warnings(calendar):
    """The years bookings may reach whose holidays nobody entered (Monday to Friday is assumed)."""
    today = local_date(utcnow())
    years = range(today.year, (today + timedelta(days=LONGEST_WINDOW)).year + 1)
    return [warning for warning in map(calendar.coverage_warning, years) if warning]
