"""Staff administration (管理员): create, edit, disable and enable, reset passwords — in scope."""

from functools import partial

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from models import Staff, db
from models.staff import ROLE_NAMES
from models.types import utcnow
from server.console import bp, texts
from server.console.forms import ConfirmForm, NewStaffForm, StaffForm
from server.console.helpers import actor, count, page_of, run_action, scoped_or_404
from server.operations.core.access import require
from server.operations.core.errors import DomainError
from server.operations.core.scope import scoped, station_in_scope
from server.operations.network.staff import create_staff, reset_password, set_staff_active, update_staff
from server.operations.network.stations import station_by_code


@bp.before_request
def staff_pages_need_permission():
    if request.endpoint and request.endpoint.startswith("console.staff"):
        require(current_user, "staff.manage")


def _station_in_scope(form):
    station = station_by_code(form.station_code.data.strip())
    if not station_in_scope(station, current_user):
        raise DomainError(texts.STATION_CODE_UNKNOWN, field="station_code")
    return station


@bp.get("/staff")
def staff_list():
    statement = scoped(select(Staff), Staff, current_user).order_by(Staff.username)
    if request.args.get("q"):
        q = request.args["q"].strip()
        statement = statement.where(
            or_(Staff.username.contains(q, autoescape=True), Staff.name.contains(q, autoescape=True))
        )
    if request.args.get("locked"):
        statement = statement.where(Staff.locked_until > utcnow())
    return render_template("console/staff_list.html", page=page_of(statement), roles=ROLE_NAMES, now=utcnow())


@bp.route("/staff/new", methods=["GET", "POST"])
def staff_new():
    form = NewStaffForm()
    page = partial(render_template, "console/staff_new.html", form=form)
    if form.validate_on_submit():
        return run_action(
            lambda: create_staff(
                form.username.data.strip(),
                form.name.data.strip(),
                _station_in_scope(form),
                form.role.data,
                form.password.data,
                actor(),
                phone=form.phone.data,
            ),
            texts.STAFF_CREATED,
            lambda created: url_for("console.staff_edit", staff_id=created.id),
            form,
            refused=lambda _: page(),
        )
    return page()


@bp.route("/staff/<int:staff_id>", methods=["GET", "POST"])
def staff_edit(staff_id):
    person = scoped_or_404(Staff, staff_id)
    form = StaffForm(obj=person, station_code=person.station.code)
    page = partial(
        render_template,
        "console/staff_edit.html",
        person=person,
        form=form,
        confirm=ConfirmForm(),
        now=utcnow(),
    )

    def change():
        changes = {
            "name": form.name.data.strip(),
            "phone": form.phone.data or None,
            "station": _station_in_scope(form),
            "role": form.role.data,
        }
        update_staff(person, changes, actor())

    if form.validate_on_submit():
        return run_action(
            change,
            texts.SAVED,
            url_for("console.staff_edit", staff_id=person.id),
            form,
            refused=lambda _: page(),
        )
    return page()


@bp.post("/staff/<int:staff_id>/<any(disable, enable):action>")
def staff_set_active(staff_id, action):
    person = scoped_or_404(Staff, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(
        lambda: set_staff_active(person, action == "enable", actor()),
        texts.STAFF_ENABLED if action == "enable" else texts.STAFF_DISABLED,
        url_for("console.staff_edit", staff_id=person.id),
    )


@bp.post("/staff/<int:staff_id>/reset")
def staff_reset(staff_id):
    person = scoped_or_404(Staff, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    temporary = reset_password(person, actor())
    db.session.commit()
    return render_template("console/staff_reset.html", person=person, temporary=temporary)


def count_active_staff(staff):
    return count(scoped(select(Staff.id).where(Staff.active), Staff, staff))


def count_locked_staff(staff):
    return count(scoped(select(Staff.id).where(Staff.locked_until > utcnow()), Staff, staff))
