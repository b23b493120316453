"""What staff do on a request's page: each a POST (with its CSRF token) that calls one operation,
writes the change to the audit log, commits and says what happened. A refused action shows the
page again with the operation's reason beside what was typed, so nothing is lost."""

from flask import abort, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Notification, RequestEvent, ServiceRequest, Staff, Station, db
from models.request import PRIORITY_NAMES
from server.console import bp, texts
from server.console.forms import ConfirmForm, Form
from server.console.helpers import actor, run_action
from server.console.service_requests.forms import (
    AssignForm,
    ExtendForm,
    FollowupForm,
    MoveForm,
    NoteForm,
    NumberForm,
    PassDownForm,
    PassUpForm,
    ReplyForm,
)
from server.console.service_requests.pages import handled_request, render_request_page
from server.operations.core import audit
from server.operations.core.access import Forbidden, can, require
from server.operations.core.errors import DomainError, NotFound
from server.operations.core.scope import scoped, station_in_scope
from server.operations.messaging.notifications import resend_unconfirmed
from server.operations.service_requests.replies import (
    add_note,
    link_requests,
    merge_requests,
    record_followup,
    reply_to_request,
)
from server.operations.service_requests.routing import assign_request, pass_down, pass_up
from server.operations.service_requests.states import (
    ACTIONS,
    STAFF_ACTIONS,
    extend_request,
    move_request,
    set_priority,
)

MOVES = ", ".join(STAFF_ACTIONS)
PRIORITIES = ", ".join(PRIORITY_NAMES)


def _act(req, name, form, change, done, audited=None, **detail):
    """Validate `form`, run `change()` (an operation), audit it (as `audited`, else request.<name>),
    commit and flash `done` (a string, or a function of change's result); on refusal, the page
    again with `form` and the reason."""
    if not form.validate_on_submit():
        return render_request_page(req, 400, **{name: form})
    owner = req.station_id  # before a pass up or down moves it

    def audited_change():
        result = change()
        audit.record(
            actor(), audited or f"request.{name}", req, station_id=owner, number=req.number, **detail
        )
        return result

    def refused(error):
        return render_request_page(db.session.get(ServiceRequest, req.id), error.status, **{name: form})

    return run_action(audited_change, done, lambda _: _back_to(req), form, refused)


def _back_to(req):
    """The request's page, or the queue when the change took the request out of the user's scope."""
    if station_in_scope(req.station, current_user):
        return url_for("console.request_page", request_id=req.id)
    return url_for("console.request_queue")


@bp.post("/requests/<int:request_id>/reply")
def request_reply(request_id):
    req, form = handled_request(request_id), ReplyForm()
    return _act(req, "reply", form, lambda: reply_to_request(req, form.body.data, actor()), _replied)


def _replied(event):
    notification = db.session.get(Notification, event.notification_id)
    if notification.state == "failed":  # nobody to send it to on WeChat
        return texts.REPLIED_FOR_MINIAPP
    return texts.REPLIED


@bp.post("/requests/<int:request_id>/replies/<int:event_id>/resend")
def request_resend(request_id, event_id):
    """Send a reply again whose delivery WeChat never confirmed (未确认), on staff's word."""
    req = handled_request(request_id)
    return _act(
        req,
        "resend",
        Form(),
        lambda: resend_unconfirmed(_unconfirmed_reply(req, event_id)),
        texts.RESENT,
        event_id=event_id,
    )


def _unconfirmed_reply(req, event_id):
    """The notification of the reply `event_id` of `req`, locked so that two clicks send once."""
    event = db.session.get(RequestEvent, event_id)
    if event is None or event.request_id != req.id or event.notification_id is None:
        raise NotFound(texts.NO_SUCH_REPLY)
    return db.session.get(Notification, event.notification_id, with_for_update=True)


@bp.post("/requests/<int:request_id>/note")
def request_note(request_id):
    req, form = handled_request(request_id), NoteForm()
    return _act(req, "note", form, lambda: add_note(req, form.body.data, actor()), texts.NOTE_ADDED)


@bp.post(f"/requests/<int:request_id>/move/<any({MOVES}):action>")
def request_move(request_id, action):
    req, form = handled_request(request_id), MoveForm()
    return _act(
        req,
        f"move_{action}",
        form,
        lambda: move_request(req, action, actor(), reason=form.reason.data),
        lambda before: texts.MOVED.format(action=ACTIONS[action].label, before=before),
        audited="request.move",
        move=action,
    )


@bp.post("/requests/<int:request_id>/extend")
def request_extend(request_id):
    req, form = handled_request(request_id), ExtendForm()
    return _act(
        req,
        "extend",
        form,
        lambda: extend_request(req, form.days.data, form.reason.data, actor()),
        lambda changed: texts.EXTENDED.format(due_on=changed.due_on),
        days=form.days.data,
    )


@bp.post(f"/requests/<int:request_id>/priority/<any({PRIORITIES}):priority>")
def request_priority(request_id, priority):
    req = handled_request(request_id)
    return _act(
        req,
        "priority",
        Form(),
        lambda: set_priority(req, priority, actor()),
        texts.MARKED_URGENT if priority == "urgent" else texts.UNMARKED_URGENT,
        priority=priority,
    )


@bp.post("/requests/<int:request_id>/assign")
def request_assign(request_id):
    req, form = handled_request(request_id), AssignForm()
    form.assignee_id.choices = []  # any id: the operation checks the person works at the station
    form.assignee_id.validate_choice = False
    return _act(
        req,
        "assign",
        form,
        lambda: assign_request(req, _assignee(form.assignee_id.data), actor()),
        lambda changed: (
            texts.ASSIGNED.format(name=changed.assignee.name) if changed.assignee else texts.UNASSIGNED
        ),
        assignee_id=form.assignee_id.data or None,
    )


def _assignee(staff_id):
    """Whom the form names; without the assign permission, a clerk may only take a request themself."""
    if not can(current_user, "requests.assign") and staff_id != current_user.id:
        raise Forbidden(texts.ONLY_SELF_ASSIGN)
    if not staff_id:
        return None
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        raise DomainError(texts.ASSIGNEE_NOT_AT_STATION, field="assignee_id")
    return staff


@bp.post("/requests/<int:request_id>/pass-up")
def request_pass_up(request_id):
    req, form = handled_request(request_id), PassUpForm()
    return _act(
        req,
        "pass_up",
        form,
        lambda: pass_up(req, actor(), form.note.data),
        lambda moved: texts.PASSED_UP.format(station=moved.station.name),
    )


@bp.post("/requests/<int:request_id>/pass-down")
def request_pass_down(request_id):
    req, form = handled_request(request_id), PassDownForm()
    form.station_id.choices = []  # any id: the operation checks it is below the owner
    form.station_id.validate_choice = False
    return _act(
        req,
        "pass_down",
        form,
        lambda: pass_down(req, _station(form.station_id.data), actor(), form.note.data),
        lambda moved: texts.PASSED_DOWN.format(station=moved.station.name),
        to_station_id=form.station_id.data,
    )


def _station(station_id):
    station = db.session.get(Station, station_id) if station_id else None
    if station is None:
        raise DomainError(texts.ONLY_PASS_DOWN_BELOW, field="station_id")
    return station


@bp.post("/requests/<int:request_id>/merge")
def request_merge(request_id):
    req, form = handled_request(request_id), NumberForm()
    return _act(
        req,
        "merge",
        form,
        lambda: merge_requests(req, _other(form.number.data), actor()),
        lambda target: texts.MERGED.format(number=target.number),
        other=form.number.data,
    )


@bp.post("/requests/<int:request_id>/link")
def request_link(request_id):
    req, form = handled_request(request_id), NumberForm()
    return _act(
        req,
        "link",
        form,
        lambda: link_requests(req, _other(form.number.data), actor()),
        texts.LINKED.format(number=form.number.data.strip() if form.number.data else ""),
        other=form.number.data,
    )


def _other(number):
    """Another request by its number, only from the user's own scope."""
    statement = select(ServiceRequest).where(ServiceRequest.number == (number or "").strip())
    other = db.session.execute(scoped(statement, ServiceRequest, current_user)).scalar_one_or_none()
    if other is None:
        raise NotFound(texts.NO_SUCH_NUMBER, field="number")
    return other


@bp.post("/requests/<int:request_id>/followup")
def request_followup(request_id):
    req, form = handled_request(request_id), FollowupForm()
    return _act(
        req,
        "followup",
        form,
        lambda: record_followup(req, form.body.data, actor(), rating=form.rating.data or None),
        texts.FOLLOWUP_RECORDED,
        rating=form.rating.data or None,
    )


@bp.post("/requests/<int:request_id>/caller-mobile")
def request_caller_mobile(request_id):
    """The full mobile of a caller who is not registered, to call back; in the audit log once per
    person, request and day."""
    req = handled_request(request_id)
    require(current_user, "veterans.unmask")
    if not ConfirmForm().validate_on_submit() or not req.caller_mobile:
        abort(400)
    audit.record_once_a_day(actor(), "request.phone.unmask", req, number=req.number)
    db.session.commit()
    return render_request_page(req, revealed_mobile=req.caller_mobile)
