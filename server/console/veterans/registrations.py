"""登记审核: the review queue, one registration (masked until a deliberate, audited click), walk-ins."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Station, Veteran, db
from models.veteran import STATE_NAMES
from server.console import bp, texts
from server.console.forms import ConfirmForm, ReturnForm, WalkInForm
from server.console.helpers import actor, capped_page_of, count, run_action, scoped_or_404
from server.operations.core.access import can, require
from server.operations.core.numbers import whole_number
from server.operations.core.scope import scoped
from server.operations.pushes.pushes import pushes_sent_to
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
    flash(texts.REGISTRATIONS_APPROVED.format(count=approved), "ok")
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
        pushes=pushes_sent_to(veteran),
        can_see_pushes=can(current_user, "pushes.compose"),
    )


@bp.post("/registrations/<int:veteran_id>/<any(approve, return):decision>")
def review_registration(veteran_id, decision):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "registrations.review")
    form = ReturnForm() if decision == "return" else ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if decision == "approve":
        change, done = partial(approve_registration, veteran, actor()), texts.REGISTRATION_APPROVED
    else:
        change, done = (
            partial(return_registration, veteran, form.reason.data, actor()),
            texts.REGISTRATION_RETURNED,
        )
    return run_action(change, done, url_for("console.registration", veteran_id=veteran.id))


@bp.post("/registrations/<int:veteran_id>/deletion")
def confirm_veteran_deletion(veteran_id):
    veteran = scoped_or_404(Veteran, veteran_id)
    require(current_user, "veterans.delete")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(
        lambda: confirm_deletion(veteran, actor()),
        lambda _: texts.DELETION_CONFIRMED.format(due_on=veteran.deletion_due_on),
        url_for("console.registration", veteran_id=veteran.id),
    )


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
    page = partial(
        render_template,
        "console/registration_new.html",
        form=form,
        can_review=can(current_user, "registrations.review"),
    )
    if form.validate_on_submit():
        station = next(s for s in villages if s.id == form.station_id.data)
        approve = form.approve.data and can(current_user, "registrations.review")
        return run_action(
            lambda: register_walk_in(form.values(), station, actor(), approve=approve),
            texts.WALK_IN_APPROVED if approve else texts.WALK_IN_SUBMITTED,
            lambda veteran: url_for("console.registration", veteran_id=veteran.id),
            form,
            refused=lambda _: page(),
        )
    return page()


def count_registrations(state):
    """A counter of the registrations in `state` in a user's subtree."""
    return lambda staff: count(scoped(select(Veteran.id).where(Veteran.state == state), Veteran, staff))


def count_pending_deletions(staff):
    """Deletions the person asked for that nobody has confirmed yet."""
    waiting = select(Veteran.id).where(
        Veteran.deletion_requested_at.is_not(None), Veteran.deletion_due_on.is_(None)
    )
    return count(scoped(waiting, Veteran, staff))
