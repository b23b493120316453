"""政策库: the list of articles a writer keeps, the form, the preview and publishing."""

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Station, VeteranCategory, db
from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import actor, page_of, run_action, station_choices
from server.console.policies.forms import NO_STATION, ArticleForm, AttachmentForm
from server.operations.core.access import can, require
from server.operations.core.scope import in_scope
from server.operations.policies.library import (
    active_topics,
    article_for,
    articles_for,
    publish_article,
    save_article,
    today,
    unpublish_article,
)
from server.security_headers import NO_SCRIPTS


@bp.get("/policies")
def policies():
    require(current_user, "policies.write")
    page = page_of(articles_for(current_user))
    topics = can(current_user, "policies.topics")
    return render_template("console/policies.html", page=page, today=today(), can_edit_topics=topics)


@bp.route("/policies/new", methods=["GET", "POST"])
def new_policy():
    require(current_user, "policies.write")
    form = _choices(ArticleForm())
    if form.validate_on_submit():
        return _save(None, form)
    return _form(form, None)


@bp.route("/policies/<int:policy_id>", methods=["GET", "POST"])
def edit_policy(policy_id):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    form = _choices(ArticleForm(obj=article))
    if not form.is_submitted():
        _filled(form, article)
    if form.validate_on_submit():
        return _save(article, form)
    return _form(form, article)


@bp.get("/policies/<int:policy_id>/preview")
def preview_policy(policy_id):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    page = render_template("policies/article.html", article=article, today=today(), preview=True)
    return page, 200, {"Content-Security-Policy": NO_SCRIPTS}


@bp.post("/policies/<int:policy_id>/<any(publish, unpublish):action>")
def set_policy_state(policy_id, action):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    change, done = {
        "publish": (publish_article, texts.POLICY_PUBLISHED),
        "unpublish": (unpublish_article, texts.POLICY_UNPUBLISHED),
    }[action]
    return run_action(
        lambda: change(article, actor()),
        done.format(title=article.title),
        url_for("console.edit_policy", policy_id=article.id),
    )


def _choices(form):
    top = current_user.station.parent_id is None
    stations = select(Station).where(in_scope(Station, current_user), Station.active.is_(True))
    chosen = [form.station_id.data] if form.station_id.data else []
    form.station_id.choices = [(NO_STATION, texts.WHOLE_NETWORK)] * top + [
        (s.id, s.name) for s in station_choices(stations.order_by(Station.path), keep=chosen)
    ]
    form.topic_ids.choices = [(t.id, t.name) for t in active_topics()]
    categories = select(VeteranCategory).where(VeteranCategory.active.is_(True))
    rows = db.session.execute(categories.order_by(VeteranCategory.sort)).scalars()
    form.category_ids.choices = [(c.id, c.name) for c in rows]
    return form


def _save(article, form):
    return run_action(
        lambda: save_article(article, form.values(), current_user, actor()),
        lambda saved: texts.POLICY_SAVED.format(title=saved.title),
        lambda saved: url_for("console.edit_policy", policy_id=saved.id),
        form,
        refused=lambda _: _form(form, article),
    )


def _form(form, article, upload=None):
    return render_template(
        "console/policy_form.html",
        form=form,
        article=article,
        today=today(),
        upload=upload or AttachmentForm(),
        confirm=ConfirmForm(),
    )


def article_page(article, upload):
    """The article's form as saved, with `upload` (the attachment form and its refusal) below it."""
    form = _filled(_choices(ArticleForm(formdata=None, obj=article)), article)
    return _form(form, article, upload)


def _filled(form, article):
    form.station_id.data = article.station_id or NO_STATION
    form.topic_ids.data = [t.id for t in article.topics]
    form.category_ids.data = [c.id for c in article.categories]
    return form
