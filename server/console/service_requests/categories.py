"""诉求类别: the categories of requests, with their track, deadlines and routing (administrators)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import RequestCategory, db
from server.console import bp
from server.console.helpers import actor, show_error
from server.console.service_requests.forms import RequestCategoryForm
from server.operations.core.access import require
from server.operations.core.errors import DomainError, NotFound
from server.operations.service_requests.filing import save_request_category


@bp.route("/request-categories", methods=["GET", "POST"])
@bp.route("/request-categories/<int:category_id>", methods=["GET", "POST"])
def request_categories(category_id=None):
    require(current_user, "categories.edit")
    category = _category(category_id)
    form = RequestCategoryForm(obj=category)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in form.data if name != "csrf_token"}
        try:
            save_request_category(category, values, actor())
        except DomainError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash("已保存", "ok")
            return redirect(url_for("console.request_categories"))
    rows = db.session.execute(select(RequestCategory).order_by(RequestCategory.sort)).scalars().all()
    return render_template("console/request_categories.html", form=form, category=category, categories=rows)


def _category(category_id):
    if category_id is None:
        return None
    category = db.session.get(RequestCategory, category_id)
    if category is None:
        raise NotFound("没有这个诉求类别")
    return category
