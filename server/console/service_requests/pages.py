"""诉求: the queue in the user's scope, one request's page with its timeline, its attachments and the
print view for the paper file. The actions on the page are in actions.py.

ID numbers and mobiles in the texts show masked; 显示完整内容 (a POST, in the audit log) shows the
page with the texts as typed."""

from dataclasses import replace

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import RequestCategory, ServiceRequest, Station, db
from models.request import CHANNEL_NAMES, RATINGS, STATE_NAMES, TRACK_NAMES
from models.types import utcnow
from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import actor, capped_page_of, scoped_or_404, station_choices
from server.console.service_requests.counts import count_cap, tab_counts
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
from server.operations.core import audit
from server.operations.core.access import can, require
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.free_text import Originals, any_masked, reveal_originals
from server.operations.core.scope import scoped
from server.operations.service_requests.attachments import attachments_of, content_of
from server.operations.service_requests.canned_answers import canned_answers_for, fill_placeholders
from server.operations.service_requests.deadlines import due_status, next_due, today
from server.operations.service_requests.events import count_events, timeline
from server.operations.service_requests.queries import STATE_CHOICES, RequestFilter, search_requests
from server.operations.service_requests.replies import linked_requests
from server.operations.service_requests.routing import assignable_staff
from server.operations.service_requests.states import ACTIONS, actions_for
from server.operations.service_requests.worked_on import readable_request

INLINE_TYPES = ("image/", "application/pdf")
TIMELINE_SHOWN = 100


def handled_request(request_id):
    """The request if it is in the user's scope (404 otherwise) and they may handle requests (403)."""
    req = scoped_or_404(ServiceRequest, request_id)
    require(current_user, "requests.handle")
    return req


def readable(request_id):
    """(the request, whether the user may act on it): in their scope, or one they worked on, which
    they may only read (404 otherwise); 403 for a role that does not handle requests."""
    req, acting = readable_request(db.session, request_id, current_user)
    require(current_user, "requests.handle")
    return req, acting


def query_args(filters, **changes):
    """The URL arguments that give `filters` back through RequestFilter.from_args."""
    return replace(filters, **changes).as_args()


@bp.get("/requests")
def request_queue():
    require(current_user, "requests.handle")
    filters = RequestFilter.from_args(printable(request.args))
    page = capped_page_of(search_requests(current_user, filters), cap=count_cap(filters))
    calendar, day = WorkingCalendar.load(), today()
    rows = [(r, next_due(r), due_status(r, calendar, day)) for r in page.items]
    return render_template(
        "console/requests.html",
        page=page,
        rows=rows,
        filters=filters,
        tabs=tab_counts(current_user, filters),
        query_args=query_args,
        links=_queue_links(filters),
        categories=_categories(),
        stations=_stations_in_scope(),
        states=STATE_CHOICES,
        tracks=TRACK_NAMES,
        channels=CHANNEL_NAMES,
    )


def printable(args):
    """The query's values without control characters (PostgreSQL refuses a NUL in text)."""
    return {key: "".join(ch for ch in value if ch.isprintable()) for key, value in args.items()}


def _queue_links(filters):
    """(label, url) of the queue's neighbours that are built: filing on someone's behalf, the ledger."""
    return [
        (texts.FILE_ON_BEHALF_LINK, url_for("console.new_request")),
        (texts.EXPORT_LINK, url_for("console.export_requests", **query_args(filters))),
    ]


def _categories():
    return db.session.execute(select(RequestCategory).order_by(RequestCategory.sort)).scalars().all()


def _stations_in_scope():
    return station_choices(scoped(select(Station), Station, current_user).order_by(Station.path))


@bp.get("/requests/<int:request_id>")
def request_page(request_id):
    req, acting = readable(request_id)
    if not acting:
        return render_read_only(req)
    forms = {}
    canned = request.args.get("canned", type=int)
    if canned:  # the picker without JavaScript: the page again, with the answer in the reply box
        chosen = next((a for a in canned_answers_for(current_user) if a.id == canned), None)
        forms["reply"] = ReplyForm(formdata=None, body=fill_placeholders(chosen.body, req) if chosen else "")
    return render_request_page(req, **forms)


@bp.post("/requests/<int:request_id>/unmask")
def unmask_request(request_id):
    """The page with the texts as typed: every view is in the audit log, as for a registration."""
    req = handled_request(request_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    events, _folded = shown_timeline(req)
    originals = reveal_originals(req, [event for event, _notification in events], actor())
    db.session.commit()
    return render_request_page(req, originals=originals)


def shown_timeline(req):
    """(the events the page shows, how many earlier ones are folded away): the newest
    TIMELINE_SHOWN unless ?timeline=all, so a request with hundreds of entries stays quick to open."""
    if request.args.get("timeline") == "all":
        return timeline(req), 0
    events = timeline(req, newest=TIMELINE_SHOWN)
    return events, (count_events(req) - TIMELINE_SHOWN if len(events) == TIMELINE_SHOWN else 0)


def render_request_page(req, status=200, revealed_mobile=None, originals=None, **forms):
    """The request page; `forms` replaces the blank form of the action that was just refused, so
    what was typed is still there beside the reason. `revealed_mobile`: the caller's mobile unmasked;
    `originals`: the texts as typed, once revealed; otherwise the page shows what is stored (masked)."""
    calendar, day = WorkingCalendar.load(), today()
    forms = _blank_forms(req) | forms
    forms["assign"].assignee_id.choices = [(0, texts.NOBODY_ASSIGNED)] + [
        (s.id, s.name) for s in assignable_staff(req.station)
    ]
    forms["pass_down"].station_id.choices = [(s.id, s.name) for s in stations_below(req.station)]
    moves = {name: forms.pop(f"move_{name}", None) or MoveForm(formdata=None) for name in actions_for(req)}
    events, folded = shown_timeline(req)
    page = render_template(
        "console/request.html",
        req=req,
        refused=status >= 400,
        events=events,
        folded=folded,
        shown=originals or Originals(),
        revealed=originals is not None,
        masked=originals is None and any_masked([req, *(event for event, _notification in events)]),
        attachments=attachments_of(req),
        related=related_requests(req),
        due=next_due(req),
        due_status=due_status(req, calendar, day),
        actions=[(name, ACTIONS[name], form) for name, form in moves.items()],
        can_extend=req.track == "petition" and req.state == "accepted" and not req.extended,
        can_assign=can(current_user, "requests.assign"),
        can_unmask=can(current_user, "veterans.unmask"),
        revealed_mobile=revealed_mobile,
        can_take=req.assignee_id != current_user.id and current_user.station_id == req.station_id,
        canned=[(a, fill_placeholders(a.body, req)) for a in canned_answers_for(current_user)],
        ratings=RATINGS,
        states=STATE_NAMES,
        channels=CHANNEL_NAMES,
        **forms,
    )
    return page, status


def render_read_only(req):
    """The page of a request that has left the user's scope since they worked on it: what became of
    it, without the actions (nor 显示完整内容: its texts stay masked)."""
    events, folded = shown_timeline(req)
    return render_template(
        "console/request_read.html",
        req=req,
        events=events,
        folded=folded,
        shown=Originals(),
        masked=False,
        revealed=False,
        attachments=attachments_of(req),
        due=next_due(req),
        due_status=due_status(req, WorkingCalendar.load(), today()),
        ratings=RATINGS,
        states=STATE_NAMES,
        channels=CHANNEL_NAMES,
    )


def _blank_forms(req):
    return {
        "reply": ReplyForm(formdata=None),
        "note": NoteForm(formdata=None),
        "extend": ExtendForm(formdata=None),
        "assign": AssignForm(formdata=None, assignee_id=req.assignee_id or 0),
        "pass_up": PassUpForm(formdata=None),
        "pass_down": PassDownForm(formdata=None),
        "merge": NumberForm(formdata=None),
        "link": NumberForm(formdata=None),
        "followup": FollowupForm(formdata=None),
    }


def stations_below(station):
    """Stations under `station` a request can be passed down to."""
    statement = select(Station).where(
        Station.path.startswith(station.path), Station.id != station.id, Station.active.is_(True)
    )
    return station_choices(statement.order_by(Station.path))


def related_requests(req):
    """(label, request, in scope) for what this one was merged into, what was merged into it, and what
    it is linked with; a related request outside the user's scope shows by its number only."""
    merged_from = select(ServiceRequest.id).where(ServiceRequest.merged_into_id == req.id)
    ids = {"merged_into": [req.merged_into_id] if req.merged_into_id else []}
    ids["merged_from"] = db.session.execute(merged_from.order_by(ServiceRequest.id)).scalars().all()
    ids["linked"] = [r.id for r in linked_requests(req)]
    everything = [i for group in ids.values() for i in group]
    if not everything:
        return []
    among = select(ServiceRequest).where(ServiceRequest.id.in_(everything))
    rows = {r.id: r for r in db.session.execute(among).scalars()}
    visible = {r.id for r in db.session.execute(scoped(among, ServiceRequest, current_user)).scalars()}
    return [(kind, rows[i], i in visible) for kind, group in ids.items() for i in group if i in rows]


@bp.get("/requests/<int:request_id>/attachments/<int:attachment_id>")
def request_attachment(request_id, attachment_id):
    """An attachment's bytes, shown inline (photos on the page). Looking at a request's attachments is
    in the audit log once per person, request and day, as a photo may show an ID card or a diagnosis."""
    req, _acting = readable(request_id)
    attachment, data = content_of(req, attachment_id)
    if audit.record_once_a_day(actor(), "request.attachment.view", req, number=req.number):
        db.session.commit()
    inline = attachment.content_type.startswith(INLINE_TYPES)
    disposition = "inline" if inline else f'attachment; filename="{req.number}-{attachment.id}"'
    return (
        data,
        200,
        {
            "Content-Type": attachment.content_type,
            "Content-Disposition": disposition,
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/requests/<int:request_id>/print")
def request_print(request_id):
    req, _acting = readable(request_id)
    return render_template(
        "console/request_print.html",
        req=req,
        printed_at=utcnow(),
        events=timeline(req),
        shown=Originals(),
        attachments=attachments_of(req),
        due=next_due(req),
        ratings=RATINGS,
        states=STATE_NAMES,
        channels=CHANNEL_NAMES,
    )
