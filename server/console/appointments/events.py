"""活动: the events of the user's stations (upcoming first), publishing one, and an event's page with
its sign-ups and waiting list in order, cancelling a sign-up or the whole event. People are checked
in at the door on the desk's 签到 page (checkin.py), which takes bookings' and sign-ups' codes alike."""

from flask import abort, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy import case, func, select

from models import EventSignup, Station, StationEvent, Veteran, VeteranCategory, db
from models.types import utcnow
from server.console import bp, texts
from server.console.appointments.setup_forms import EventForm, ReasonForm
from server.console.helpers import actor, page_of, run_action, scoped_or_404, station_choices
from server.operations.appointments.station_events import (
    audience_of,
    cancel_event,
    cancel_signup,
    create_event,
)
from server.operations.core.access import require
from server.operations.core.scope import scoped
from server.timezone import LOCAL

EVENT_FIELDS = ("kind", "title", "place", "description", "capacity", "waitlist", "category_ids")
TIMES = ("starts_at", "ends_at", "signup_until")


@bp.get("/events")
def events():
    require(current_user, "events.manage")
    coming = StationEvent.ends_at >= utcnow()  # still to come, or under way
    statement = scoped(select(StationEvent), StationEvent, current_user).order_by(
        case((coming, 0), else_=1), case((coming, StationEvent.starts_at)), StationEvent.starts_at.desc()
    )
    page = page_of(statement)
    ids = [event.id for event in page.items]
    waiting = dict(
        db.session.execute(
            select(EventSignup.event_id, func.count())
            .where(EventSignup.event_id.in_(ids), EventSignup.state == "waitlisted")
            .group_by(EventSignup.event_id)
        ).all()
    )
    return render_template("console/events.html", page=page, waiting=waiting, now=utcnow())


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    require(current_user, "events.manage")
    form = EventForm()
    stations = station_choices(
        scoped(select(Station), Station, current_user).where(Station.active).order_by(Station.path),
        keep=(current_user.station_id,),
    )
    form.station_id.choices = [(s.id, s.name) for s in stations]
    form.category_ids.choices = [
        (c.id, c.name)
        for c in db.session.scalars(
            select(VeteranCategory).where(VeteranCategory.active).order_by(VeteranCategory.sort)
        )
    ]
    if form.station_id.data is None:
        form.station_id.data = current_user.station_id

    def page():
        return render_template("console/event_new.html", form=form)

    if form.validate_on_submit():
        return run_action(
            lambda: _create(form),
            lambda event: texts.EVENT_CREATED.format(title=event.title),
            lambda event: url_for("console.event_page", station_event_id=event.id),
            form,
            refused=lambda _: page(),
        )
    return page()


def _create(form):
    station = scoped_or_404(Station, form.station_id.data)
    fields = {name: getattr(form, name).data for name in EVENT_FIELDS}
    fields["title"], fields["place"] = fields["title"].strip(), fields["place"].strip()
    fields["description"] = (fields["description"] or "").strip()
    fields |= {name: getattr(form, name).data.replace(tzinfo=LOCAL) for name in TIMES}
    return create_event(station, actor(), current_user, **fields)


@bp.get("/events/<int:station_event_id>")
def event_page(station_event_id):
    require(current_user, "events.manage")
    event = scoped_or_404(StationEvent, station_event_id)
    return _event_page(event)


def _event_page(event, reason_form=None, status=200):
    signups = db.session.scalars(
        select(EventSignup).where(EventSignup.event_id == event.id).order_by(EventSignup.id)
    ).all()
    people = _names_and_mobiles(signups)
    page = render_template(
        "console/event.html",
        event=event,
        audience=audience_of(event),
        signed_up=[s for s in signups if s.state in ("signed_up", "attended")],
        waiting=[s for s in signups if s.state == "waitlisted"],
        left=[s for s in signups if s.state in ("cancelled", "no_show")],
        people=people,
        reason_form=reason_form or ReasonForm(),
        now=utcnow(),
    )
    return page, status


def _names_and_mobiles(signups):
    """{sign-up id: (name, mobile)}: as the person gave them, else from their registration."""
    ids = {s.veteran_id for s in signups if s.veteran_id}
    veterans = (
        {v.id: v for v in db.session.scalars(select(Veteran).where(Veteran.id.in_(ids)))} if ids else {}
    )
    people = {}
    for s in signups:
        veteran = veterans.get(s.veteran_id)
        name = s.name or (veteran.name if veteran else None) or texts.NO_NAME
        people[s.id] = (name, s.mobile or (veteran.mobile if veteran else None))
    return people


@bp.post("/events/<int:station_event_id>/cancel")
def cancel_event_page(station_event_id):
    require(current_user, "events.manage")
    event = scoped_or_404(StationEvent, station_event_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _event_page(event, reason_form=form, status=400)
    return run_action(
        lambda: cancel_event(event, form.reason.data.strip(), actor()),
        texts.EVENT_CANCELLED,
        url_for("console.event_page", station_event_id=event.id),
        form,
        refused=lambda _: _event_page(event, reason_form=form, status=400),
    )


@bp.post("/events/<int:station_event_id>/signups/<int:signup_id>/cancel")
def cancel_event_signup(station_event_id, signup_id):
    require(current_user, "events.manage")
    event = scoped_or_404(StationEvent, station_event_id)
    signup = db.session.get(EventSignup, signup_id)
    if signup is None or signup.event_id != event.id:
        abort(404)
    form = ReasonForm()
    back = url_for("console.event_page", station_event_id=event.id)
    name = _names_and_mobiles([signup])[signup.id][0]
    if not form.validate_on_submit():
        return _refused(event, form)
    return run_action(
        lambda: cancel_signup(signup, actor(), form.reason.data.strip(), by_staff=True),
        texts.SIGNUP_CANCELLED.format(name=name),
        back,
        form,
        refused=lambda _: _refused(event, form),
    )


def _refused(event, form):
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return _event_page(event, status=400)
