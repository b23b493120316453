"""常用答复: the library of reusable answers. Heads, supervisors and admins keep their station's;
everyone who handles requests reads their own station's and those of the stations above it."""

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import CannedAnswer, Station, db
from server.console import bp, texts
from server.console.forms import ConfirmForm, Form
from server.console.helpers import actor, run_action, scoped_or_404
from server.operations.core.access import can, require
from server.operations.service_requests.canned_answers import (
    BODY_LIMIT,
    PLACEHOLDERS,
    TITLE_LIMIT,
    canned_answers_for,
    retire_canned_answer,
    save_canned_answer,
    station_chain_ids,
)

PLACEHOLDER_HINT = texts.PLACEHOLDER_HINT.format(placeholders=" ".join(PLACEHOLDERS))


class CannedAnswerForm(Form):
    title = StringField("标题", validators=[DataRequired("请填写标题"), Length(max=TITLE_LIMIT)])
    body = TextAreaField(
        "答复内容",
        validators=[DataRequired("请填写答复内容"), Length(max=BODY_LIMIT)],
        description=PLACEHOLDER_HINT,
        render_kw={"rows": 8},
    )


@bp.before_request
def canned_answer_pages_need_permission():
    if request.endpoint and "canned_answer" in request.endpoint:
        require(current_user, "requests.handle")
        if request.endpoint != "console.canned_answers":
            require(current_user, "canned_answers.edit")


@bp.get("/canned-answers")
def canned_answers():
    return render_template(
        "console/canned_answers.html",
        answers=canned_answers_for(current_user),
        may_edit=can(current_user, "canned_answers.edit"),
        station_names=_chain_names(current_user.station),
        confirm=ConfirmForm(),
    )


@bp.route("/canned-answers/new", methods=["GET", "POST"])
def new_canned_answer():
    form = CannedAnswerForm()
    if form.validate_on_submit():
        return _save(None, form, current_user.station)
    return _form(form, None)


@bp.route("/canned-answers/<int:answer_id>", methods=["GET", "POST"])
def edit_canned_answer(answer_id):
    answer = scoped_or_404(CannedAnswer, answer_id)
    if not answer.active:
        abort(404, texts.CANNED_ANSWER_RETIRED)
    form = CannedAnswerForm(obj=answer)
    if form.validate_on_submit():
        station = db.session.get(Station, answer.station_id)
        return _save(answer, form, station)
    return _form(form, answer)


@bp.post("/canned-answers/<int:answer_id>/retire")
def retire_canned_answer_page(answer_id):
    answer = scoped_or_404(CannedAnswer, answer_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(
        lambda: retire_canned_answer(answer, actor()),
        lambda _: texts.CANNED_ANSWER_RETIRED_NOW.format(title=answer.title),
        url_for("console.canned_answers"),
    )


def _chain_names(station):
    ids = station_chain_ids(station)
    return dict(db.session.execute(select(Station.id, Station.name).where(Station.id.in_(ids))).all())


def _save(answer, form, station):
    return run_action(
        lambda: save_canned_answer(
            answer, {"title": form.title.data, "body": form.body.data}, station, actor()
        ),
        lambda saved: texts.CANNED_ANSWER_SAVED.format(title=saved.title),
        url_for("console.canned_answers"),
        form,
        refused=lambda _: _form(form, answer),
    )


def _form(form, answer):
    return render_template("console/canned_answer_form.html", form=form, answer=answer, confirm=ConfirmForm())
