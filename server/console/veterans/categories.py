"""人员类别: the table of categories administrators extend (and retire, never delete)."""

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import VeteranCategory, db
from server.console import bp, texts
from server.console.forms import CategoryForm, ConfirmForm
from server.console.helpers import actor, run_action
from server.operations.core.access import require
from server.operations.veterans.registrations import add_category, set_category_active


@bp.route("/categories", methods=["GET", "POST"])
def categories():
    require(current_user, "categories.edit")
    form = CategoryForm()
    if form.validate_on_submit():
        return run_action(
            lambda: add_category(form.name.data, form.served.data, actor()),
            texts.CATEGORY_ADDED,
            url_for("console.categories"),
            form,
            refused=lambda _: _page(form),
        )
    return _page(form)


def _page(form):
    rows = db.session.execute(select(VeteranCategory).order_by(VeteranCategory.sort)).scalars().all()
    return render_template("console/categories.html", form=form, categories=rows, confirm=ConfirmForm())


@bp.post("/categories/<int:category_id>/<any(disable, enable):action>")
def toggle_category(category_id, action):
    require(current_user, "categories.edit")
    category = db.session.get(VeteranCategory, category_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_category_active(category, action == "enable", actor())
    db.session.commit()
    return redirect(url_for("console.categories"))
