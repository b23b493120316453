"""Staff administration (管理员): create, edit, disable and enable, reset passwords — in scope."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from models import Staff, db
from models.staff import ROLE_NAMES
from models.types import utcnow
from server.console import bp
from server.console.forms import ConfirmForm, NewStaffForm, StaffForm
from server.console.helpers import actor, page_of, scoped_or_404, show_error
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
        raise DomainError("站点编码不存在，或不在您的管辖范围内", field="station_code")
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
    if form.validate_on_submit():
        try:
            created = create_staff(
                form.username.data.strip(),
                form.name.data.strip(),
                _station_in_scope(form),
                form.role.data,
                form.password.data,
                actor(),
                phone=form.phone.data,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash("已创建，首次登录须修改密码", "ok")
            return redirect(url_for("console.staff_edit", staff_id=created.id))
    return render_template("console/staff_new.html", form=form)


@bp.route("/staff/<int:staff_id>", methods=["GET", "POST"])
def staff_edit(staff_id):
    person = scoped_or_404(Staff, staff_id)
    form = StaffForm(obj=person, station_code=person.station.code)
    if form.validate_on_submit():
        try:
            changes = {
                "name": form.name.data.strip(),
                "phone": form.phone.data or None,
                "station": _station_in_scope(form),
                "role": form.role.data,
            }
            update_staff(person, changes, actor())
        except DomainError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash("已保存", "ok")
            return redirect(url_for("console.staff_edit", staff_id=person.id))
    return render_template(
        "console/staff_edit.html", person=person, form=form, confirm=ConfirmForm(), now=utcnow()
    )


@bp.post("/staff/<int:staff_id>/<any(disable, enable):action>")
def staff_set_active(staff_id, action):
    person = scoped_or_404(Staff, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        set_staff_active(person, action == "enable", actor())
        db.session.commit()
        flash("已启用" if action == "enable" else "已停用", "ok")
    except DomainError as error:
        show_error(None, error)
    return redirect(url_for("console.staff_edit", staff_id=person.id))


@bp.post("/staff/<int:staff_id>/reset")
def staff_reset(staff_id):
    person = scoped_or_404(Staff, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    temporary = reset_password(person, actor())
    db.session.commit()
    return render_template("console/staff_reset.html", person=person, temporary=temporary)
