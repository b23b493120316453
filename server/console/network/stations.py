"""Station pages: the tree in scope, details and hours, closures, QR codes and posters, import."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from models import Follower, Station, StationClosure, db
from models.station import LEVEL_NAMES
from models.types import utcnow
from server.console import bp, texts
from server.console.forms import ClosureForm, ConfirmForm, NewStationForm, StationForm, UploadForm
from server.console.helpers import actor, count, page_of, run_action, scoped_or_404, show_error
from server.documents import posters
from server.documents.tabular import read_table
from server.jobs.stations import create_station_qrcodes
from server.operations.appointments.closures import close_station_days
from server.operations.core.access import can, require
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError
from server.operations.core.scope import scoped
from server.operations.network.stations import (
    ImportRefused,
    create_station,
    day_status,
    import_stations,
    remove_closure,
    update_station,
)
from server.timezone import local_date

DETAIL_FIELDS = ("name", "address", "phone", "hours", "latitude", "longitude")
MISSING_DETAILS = Station.phone.is_(None) | Station.hours.is_(None)
WITHOUT_QR = Station.qr_url.is_(None)


@bp.get("/stations")
def stations():
    statement = scoped(select(Station), Station, current_user).order_by(Station.path)
    if request.args.get("q"):
        q = request.args["q"].strip()
        statement = statement.where(
            or_(Station.name.contains(q, autoescape=True), Station.code.startswith(q))
        )
    if request.args.get("level") in LEVEL_NAMES:
        statement = statement.where(Station.level == request.args["level"])
    if request.args.get("incomplete"):
        statement = statement.where(MISSING_DETAILS)
    if request.args.get("no_qr"):
        statement = statement.where(WITHOUT_QR)
    return render_template("console/stations.html", page=page_of(statement), levels=LEVEL_NAMES)


@bp.route("/stations/<int:station_id>", methods=["GET", "POST"])
def station(station_id):
    station = scoped_or_404(Station, station_id)
    form = StationForm(obj=station)
    if form.validate_on_submit():
        require(current_user, "stations.edit")
        return run_action(
            lambda: update_station(
                station, {f: getattr(form, f).data or None for f in DETAIL_FIELDS}, actor()
            ),
            texts.SAVED,
            url_for("console.station", station_id=station.id),
            form,
            refused=lambda _: _station_page(station, form),
        )
    return _station_page(station, form)


def _station_page(station, form):
    calendar = WorkingCalendar.load()
    today = local_date(utcnow())
    return render_template(
        "console/station.html",
        station=station,
        form=form,
        closure_form=ClosureForm(),
        confirm=ConfirmForm(),
        today=day_status(station, today, calendar),
        can_edit=can(current_user, "stations.edit"),
        can_qr=can(current_user, "stations.qrcode"),
    )


@bp.route("/stations/<int:station_id>/children/new", methods=["GET", "POST"])
def new_station(station_id):
    parent = scoped_or_404(Station, station_id)
    require(current_user, "stations.edit")
    form = NewStationForm()
    page = partial(render_template, "console/station_new.html", parent=parent, form=form)
    if form.validate_on_submit():
        details = {f: getattr(form, f).data or None for f in DETAIL_FIELDS if f != "name"}
        return run_action(
            lambda: create_station(
                parent, form.code.data.strip(), form.name.data.strip(), actor(), **details
            ),
            None,
            lambda created: url_for("console.station", station_id=created.id),
            form,
            refused=lambda _: page(),
        )
    return page()


@bp.post("/stations/<int:station_id>/closures")
def add_station_closure(station_id):
    station = scoped_or_404(Station, station_id)
    require(current_user, "stations.edit")
    form, back = ClosureForm(), url_for("console.station", station_id=station.id)
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    return run_action(
        lambda: close_station_days(
            station, form.starts_on.data, form.ends_on.data, form.reason.data.strip(), actor()
        ),
        lambda result: texts.DAYS_CLOSED.format(count=len(result[1])),
        back,
    )


@bp.post("/closures/<int:closure_id>/delete")
def delete_station_closure(closure_id):
    closure = scoped_or_404(StationClosure, closure_id)
    require(current_user, "stations.edit")
    if ConfirmForm().validate_on_submit():
        station_id = closure.station_id
        remove_closure(closure, actor())
        db.session.commit()
        return redirect(url_for("console.station", station_id=station_id))
    abort(400)


@bp.post("/stations/<int:station_id>/qrcodes")
def make_station_qrcodes(station_id):
    """Create the missing permanent QR codes of this station and everything below it (in a job)."""
    station = scoped_or_404(Station, station_id)
    require(current_user, "stations.qrcode")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    create_station_qrcodes.enqueue(station.id, job_id=f"station-qrcodes-{station.id}")
    flash(texts.QR_CODES_REQUESTED, "ok")
    return redirect(url_for("console.station", station_id=station.id))


@bp.get("/stations/<int:station_id>/poster.<any(png, pdf):kind>")
def station_poster(station_id, kind):
    station = scoped_or_404(Station, station_id)
    if not station.qr_url:
        abort(404, texts.NO_QR_CODE)
    data = posters.poster_png(station) if kind == "png" else posters.poster_pdf(station)
    return send_file(
        data,
        mimetype=f"image/{kind}" if kind == "png" else "application/pdf",
        download_name=f"{station.code}-{station.name}.{kind}",
        as_attachment=kind == "pdf",
    )


@bp.get("/stations/<int:station_id>/posters.zip")
def station_posters_zip(station_id):
    station = scoped_or_404(Station, station_id)
    below = (
        db.session.execute(
            scoped(
                select(Station).where(Station.path.startswith(station.path), Station.qr_url.is_not(None)),
                Station,
                current_user,
            ).order_by(Station.path)
        )
        .scalars()
        .all()
    )
    if not below:
        abort(404, texts.NO_QR_CODES)
    return send_file(
        posters.posters_zip(below),
        mimetype="application/zip",
        download_name=texts.POSTERS_FILE.format(code=station.code, name=station.name),
        as_attachment=True,
    )


@bp.route("/stations/import", methods=["GET", "POST"])
def import_stations_page():
    require(current_user, "stations.import")
    form, report, errors = UploadForm(), None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            header, rows = read_table(upload.stream, upload.filename)
            report = import_stations(header, rows, actor(), within=current_user.station)
            db.session.commit()
        except ImportRefused as refused:
            db.session.rollback()
            errors = refused.errors
        except DomainError as error:
            show_error(form, error)
    return render_template("console/stations_import.html", form=form, report=report, errors=errors)


def count_stations(staff, *conditions):
    return count(scoped(select(Station.id).where(*conditions), Station, staff))


def count_stations_missing_details(staff):
    return count_stations(staff, MISSING_DETAILS)


def count_stations_without_qr(staff):
    return count_stations(staff, WITHOUT_QR)


def count_followers(staff):
    """关注用户 linked to a station in the user's subtree."""
    return count(scoped(select(Follower.id), Follower, staff))
