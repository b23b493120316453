"""登记审核: the review queue, one registration (masked until a deliberate, audited click), walk-ins."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Station, Veteran, db
from models.veteran import STATE_NAMES
from server.console import bp
from server.console.forms import ConfirmForm, ReturnForm, WalkInForm
from server.console.helpers import actor, capped_page_of, scoped_or_404, show_error
from server.console.home import HOME_COUNTS, MY_WORK, WorkItem, count, counted_for
from server.console.nav import replace_nav
from server.operations.core.access import can, require
from server.operations.core.errors import DomainError
from server.operations.core.numbers import whole_number
from server.operations.core.scope import scoped
from server.operations.veterans.queries import VeteranFilter, search_veterans
from server.operations.veterans.registrations import (
    active_categories,
    approve_registration,
    confirm_deletion,
    register_walk_in,
    return_registration,
    reveal,
)

REVEALABLE = ("id_number", "mobile", "hukou_address", "residence_address")
replace_nav("登记审核", "console.registrations", "veterans.view")


@bp.get("/registrations")
def registrations():
    require(current_user, "veterans.view")
    filters = VeteranFilter.from_args(request.args, default_state="submitted")
    return render_template(
        "console/registrations.html",
        page=capped_page_of(search_veterans(current_user, filters)),
        filters=filters,
        categories=active_categories(),
        states=STATE_NAMES,
        can_review=can(current_user, "registrations.review"),
        confirm=ConfirmForm(),
    )


@bp.post("/registrations/approve")
def approve_registrations():
    """Bulk approval of the ticked registrations (each one checked to be in scope)."""
    require(current_user, "registrations.review")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = [n for n in map(whole_number, request.form.getlist("veteran_id")) if n is not None]
    approved = 0
    for veteran in db.session.execute(
        scoped(select(Veteran).where(Veteran.id.in_(ids)), Veteran, current_user)
    ).scalars():
        if veteran.state == "submitted":
            approve_registration(veteran, actor())
            approved += 1
    db.session.commit()
    flash(f"已审核通过 {approved} 条", "ok")
    return redirect(url_for("console.registrations"))


@bp.get("/registrations/<int:veteran_id>")
def registration(veteran_id):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "veterans.view")
    return _detail(veteran, revealed={})


@bp.post("/registrations/<int:veteran_id>/unmask")
def unmask_registration(veteran_id):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "veterans.unmask")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    revealed = reveal(veteran, REVEALABLE, actor())
    db.session.commit()
    return _detail(veteran, revealed)


def _detail(veteran, revealed):
    return render_template(
        "console/registration.html",
        veteran=veteran,
        revealed=revealed,
        confirm=ConfirmForm(),
        return_form=ReturnForm(),
        can_review=can(current_user, "registrations.review"),
        can_unmask=can(current_user, "veterans.unmask"),
        can_delete=can(current_user, "veterans.delete"),
    )


@bp.post("/registrations/<int:veteran_id>/<any(approve, return):decision>")
def review_registration(veteran_id, decision):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "registrations.review")
    form = ReturnForm() if decision == "return" else ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if decision == "approve":
            approve_registration(veteran, actor())
        else:
            return_registration(veteran, form.reason.data, actor())
        db.session.commit()
        flash("已审核通过，已通知本人" if decision == "approve" else "已退回，已通知本人", "ok")
    except DomainError as error:
        show_error(None, error)
    return redirect(url_for("console.registration", veteran_id=veteran.id))


@bp.post("/registrations/<int:veteran_id>/deletion")
def confirm_veteran_deletion(veteran_id):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "veterans.delete")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        confirm_deletion(veteran, actor())
        db.session.commit()
        flash(f"已确认，将于 {veteran.deletion_due_on} 删除", "ok")
    except DomainError as error:
        show_error(None, error)
    return redirect(url_for("console.registration", veteran_id=veteran.id))


@bp.route("/registrations/new", methods=["GET", "POST"])
def new_registration():
    """A registration entered at the counter for someone who came in person."""
    require(current_user, "registrations.enter")
    form = WalkInForm()
    villages = (
        db.session.execute(
            scoped(
                select(Station).where(Station.level == "village", Station.active), Station, current_user
            ).order_by(Station.code)
        )
        .scalars()
        .all()
    )
    form.station_id.choices = [(s.id, s.name) for s in villages]
    form.category_id.choices = [(c.id, c.name) for c in active_categories()]
    if form.validate_on_submit():
        station = next(s for s in villages if s.id == form.station_id.data)
        approve = form.approve.data and can(current_user, "registrations.review")
        try:
            veteran = register_walk_in(form.values(), station, actor(), approve=approve)
        except DomainError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash("已登记" + ("并审核通过" if approve else "，待审核"), "ok")
            return redirect(url_for("console.registration", veteran_id=veteran.id))
    return render_template(
        "console/registration_new.html", form=form, can_review=can(current_user, "registrations.review")
    )


def _count_state(state):
    return counted_for(
        "veterans.view",
        lambda staff: count(scoped(select(Veteran.id).where(Veteran.state == state), Veteran, staff)),
    )


def _pending_reviews(staff):
    if not can(staff, "registrations.review"):
        return []
    n = _count_state("submitted")(staff)
    return [WorkItem("登记待审核", n, url_for("console.registrations"))] if n else []


def _pending_deletions(staff):
    if not can(staff, "veterans.delete"):
        return []
    waiting = scoped(
        select(Veteran.id).where(
            Veteran.deletion_requested_at.is_not(None), Veteran.deletion_due_on.is_(None)
        ),
        Veteran,
        staff,
    )
    n = count(waiting)
    return (
        [WorkItem("本人申请删除信息，待确认", n, url_for("console.registrations", state="", deletion="1"))]
        if n
        else []
    )


HOME_COUNTS.extend([("已建档人员", _count_state("approved")), ("待审核登记", _count_state("submitted"))])
MY_WORK.extend([_pending_reviews, _pending_deletions])
