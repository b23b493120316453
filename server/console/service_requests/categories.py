"""诉求类别: the categories of requests, with their track, deadlines and routing (administrators)."""

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import RequestCategory, db
from server.console import bp, texts
from server.console.helpers import actor, run_action
from server.console.service_requests.forms import RequestCategoryForm
from server.operations.core.access import require
from server.operations.core.errors import NotFound
from server.operations.service_requests.filing import save_request_category


@bp.route("/request-categories", methods=["GET", "POST"])
@bp.route("/request-categories/<int:category_id>", methods=["GET", "POST"])
def request_categories(category_id=None):
    require(current_user, "categories.edit")
    category = _category(category_id)
    form = RequestCategoryForm(obj=category)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in form.data if name != "csrf_token"}
        return run_action(
            lambda: save_request_category(category, values, actor()),
            texts.SAVED,
            url_for("console.request_categories"),
            form,
            refused=lambda _: _page(form, category),
        )
    return _page(form, category)


def _page(form, category):
    rows = db.session.execute(select(RequestCategory).order_by(RequestCategory.sort)).scalars().all()
    return render_template("console/request_categories.html", form=form, category=category, categories=rows)


def _category(category_id):
    if category_id is None:
        return None
    category = db.session.get(RequestCategory, category_id)
    if category is None:
        raise NotFound(texts.NO_REQUEST_CATEGORY)
    return category
