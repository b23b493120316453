"""政策推送: the list (history), the compose form with the audience's count, a push's page with its
progress, and submitting, approving and cancelling."""

import secrets

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import PolicyTopic, Station, VeteranCategory, db
from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import page_of, run_action, station_choices
from server.console.pushes.forms import NO_ARTICLE, PushForm
from server.extensions import settings
from server.operations.core.access import can, require
from server.operations.core.errors import DomainError
from server.operations.core.scope import in_scope
from server.operations.policies.library import active_topics
from server.operations.pushes.audience import measure_audience
from server.operations.pushes.pushes import (
    approve_push,
    audience_spec,
    cancel_push,
    compose_push,
    push_for,
    pushable_articles,
    pushes_for,
    submit_push,
)
from server.operations.pushes.texts import LEFT_OUT_REASONS
from server.timezone import LOCAL

LIVE = ("scheduled", "sending")  # the page refreshes itself while these last
ARTICLE_CHOICES = 200  # the newest in force: a push is of a current policy


@bp.get("/pushes")
def pushes():
    require(current_user, "pushes.compose")
    page = page_of(pushes_for(current_user))
    return render_template(
        "console/pushes.html", page=page, describe=describe_audience, states=texts.PUSH_STATES
    )


@bp.route("/pushes/new", methods=["GET", "POST"])
def new_push():
    require(current_user, "pushes.compose")
    form = _choices(PushForm())
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(24)
        form.article_id.data = request.args.get("article", NO_ARTICLE, type=int)
    if not form.validate_on_submit():
        return _form(form)
    action = request.form.get("action", "submit")
    if action == "count":
        return _form(form, audience=_measure(form))
    return run_action(
        lambda: compose_push(_values(form), current_user, form.token.data, submit=action == "submit"),
        lambda push: texts.PUSH_SUBMITTED.get(push.state),
        lambda push: url_for("console.push_page", push_id=push.id),
        form,
        refused=lambda _: _form(form),
    )


@bp.get("/pushes/<int:push_id>")
def push_page(push_id):
    require(current_user, "pushes.compose")
    push = push_for(push_id, current_user)
    return render_template(
        "console/push.html",
        push=push,
        describe=describe_audience,
        states=texts.PUSH_STATES,
        reasons=LEFT_OUT_REASONS,
        live=push.state in LIVE,
        can_approve=can(current_user, "pushes.approve"),
    )


@bp.post("/pushes/<int:push_id>/<any(submit, cancel):action>")
def change_push(push_id, action):
    require(current_user, "pushes.compose")
    change, done = {
        "submit": (submit_push, lambda pushed: texts.PUSH_SUBMITTED[pushed.state]),
        "cancel": (cancel_push, texts.PUSH_CANCELLED),
    }[action]
    return _change(push_id, change, done)


@bp.post("/pushes/<int:push_id>/approve")
def push_approval(push_id):
    require(current_user, "pushes.approve")
    return _change(push_id, approve_push, texts.PUSH_APPROVED)


def _change(push_id, change, done):
    push = push_for(push_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(lambda: change(push, current_user), done, url_for("console.push_page", push_id=push.id))


def describe_audience(spec):
    """The audience in words: 全部关注用户, or the stations and categories chosen."""
    if spec.get("all"):
        return texts.PUSH_ALL
    parts = []
    if spec.get("station_ids"):
        names = db.session.scalars(select(Station.name).where(Station.id.in_(spec["station_ids"])))
        parts.append(texts.PUSH_STATIONS.format(names="、".join(names)))
    if spec.get("category_ids"):
        rows = select(VeteranCategory.name).where(VeteranCategory.id.in_(spec["category_ids"]))
        parts.append(texts.PUSH_CATEGORIES.format(names="、".join(db.session.scalars(rows))))
    if spec.get("topic_ids"):
        rows = select(PolicyTopic.name).where(PolicyTopic.id.in_(spec["topic_ids"]))
        parts.append(texts.PUSH_TOPICS.format(names="、".join(db.session.scalars(rows))))
    return "；".join(parts)


def _values(form):
    values = form.values()
    if values["article_id"]:
        base = settings().public_base_url or request.host_url  # the console's address may be an intranet's
        values["link"] = (
            f"{base.rstrip('/')}{url_for('policy_pages.article', policy_id=values['article_id'])}"
        )
    if form.send_at.data:
        values["send_at"] = form.send_at.data.replace(tzinfo=LOCAL)
    return values


def _measure(form):
    try:
        return measure_audience(audience_spec(form.values(), current_user))
    except DomainError as error:
        db.session.rollback()
        getattr(form, error.details.get("field") or "all").errors.append(error.message)
        return None


def _choices(form):
    articles = db.session.execute(pushable_articles(current_user).limit(ARTICLE_CHOICES))
    form.article_id.choices = [(NO_ARTICLE, texts.PUSH_NO_ARTICLE)] + [(a.id, a.title) for a in articles]
    stations = select(Station).where(in_scope(Station, current_user), Station.active.is_(True))
    chosen = form.station_ids.data or []
    form.station_ids.choices = [
        (s.id, s.name) for s in station_choices(stations.order_by(Station.path), chosen)
    ]
    categories = (
        select(VeteranCategory).where(VeteranCategory.active.is_(True)).order_by(VeteranCategory.sort)
    )
    form.category_ids.choices = [(c.id, c.name) for c in db.session.scalars(categories)]
    form.topic_ids.choices = [(t.id, t.name) for t in active_topics()]
    return form


def _form(form, audience=None):
    return render_template(
        "console/push_form.html",
        form=form,
        audience=audience,
        reasons=LEFT_OUT_REASONS,
        approval=settings().push_approval_required and not can(current_user, "pushes.approve"),
        at_top=current_user.station.parent_id is None,
    )
