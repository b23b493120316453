"""政策专题: the topics administrators keep at the network's top (retired, never deleted)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import PolicyTopic, db
from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import actor, run_action
from server.console.policies.forms import TopicForm
from server.operations.core.access import require
from server.operations.core.errors import DomainError
from server.operations.policies.subscriptions import (
    categories_for_defaults,
    default_topic_ids_by_category,
    set_default_topics,
)
from server.operations.policies.topics import add_topic, all_topics, set_topic_active


@bp.route("/policy-topics", methods=["GET", "POST"])
def policy_topics():
    require(current_user, "policies.topics")
    form = TopicForm()
    if form.validate_on_submit():
        return run_action(
            lambda: add_topic(form.name.data, actor()),
            lambda topic: texts.POLICY_TOPIC_ADDED.format(name=topic.name),
            url_for("console.policy_topics"),
            form,
            refused=lambda _: _page(form),
        )
    return _page(form)


@bp.post("/policy-topics/<int:topic_id>/<any(disable, enable):action>")
def toggle_policy_topic(topic_id, action):
    require(current_user, "policies.topics")
    topic = db.session.get(PolicyTopic, topic_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_topic_active(topic, action == "enable", actor())
    db.session.commit()
    return redirect(url_for("console.policy_topics"))


@bp.post("/policy-topics/defaults")
def policy_topic_defaults():
    """Per category, the topics a person is subscribed to when they register (if they had not chosen)."""
    require(current_user, "policies.topics")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        for category in categories_for_defaults():
            chosen = request.form.getlist(f"category-{category.id}", type=int)
            set_default_topics(category, chosen, actor())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("console.policy_topics"))
    db.session.commit()
    flash(texts.POLICY_DEFAULTS_SAVED, "ok")
    return redirect(url_for("console.policy_topics"))


def _page(form):
    return render_template(
        "console/policy_topics.html",
        form=form,
        topics=all_topics(),
        categories=categories_for_defaults(),
        defaults=default_topic_ids_by_category(),
        confirm=ConfirmForm(),
    )
