"""What the mini-program shows of a request: its own data, its public timeline, its attachments.

Staff appear by their station's name, never their own: the person deals with the station, and a
clerk's name is not theirs to collect. The person reads their own texts as written: an ID number or
mobile stored masked shows whole here. Dates are ISO 8601 (deadlines as dates, times with offset).
"""

from models.request import RATINGS, STATE_NAMES, TRACK_NAMES
from server.api.texts import EVENT_KIND_NAMES, EVENT_KIND_OTHER, PERSON_ACTOR, SYSTEM_ACTOR
from server.operations.core.free_text import originals_of
from server.operations.service_requests.attachments import KIND_NAMES, attachments_of
from server.operations.service_requests.events import public_timeline
from server.operations.service_requests.rating import can_rate


def present_category(category):
    return {
        "id": category.id,
        "name": category.name,
        "track": category.track,
        "track_name": TRACK_NAMES[category.track],
        "first_response_days": category.first_response_days,
        "resolution_days": category.resolution_days,
    }


def present_summary(request, originals=None):
    """One line of the caller's list; `originals` (free_text.originals_of) of the whole list, if read."""
    originals = originals_of([request]) if originals is None else originals
    return {
        "number": request.number,
        "title": originals(request, "title"),
        "category": {"id": request.category.id, "name": request.category.name},
        "track": request.track,
        "track_name": request.track_name,
        "state": request.state,
        "state_name": request.state_name,
        "station": {"id": request.station.id, "name": request.station.name},
        "created_at": _iso(request.created_at),
        "respond_due_on": _iso(request.respond_due_on),
        "due_on": _iso(request.due_on),
        "rating": request.rating,
        "rating_name": RATINGS.get(request.rating),
    }


def present_request(request):
    """The detail page: the summary, what was asked, what may be done now, the public timeline."""
    originals = originals_of([request])
    return present_summary(request, originals) | {
        "content": originals(request, "content"),
        "channel": request.channel,
        "channel_name": request.channel_name,
        "resolved_at": _iso(request.resolved_at),
        "closed_at": _iso(request.closed_at),
        "rating_comment": originals(request, "rating_comment"),
        "rated_at": _iso(request.rated_at),
        "can": {
            "message": request.is_open,
            "attach": request.is_open,
            "withdraw": request.is_open,
            "rate": can_rate(request),
        },
        "timeline": present_timeline(request),
        "attachments": [present_attachment(a) for a in attachments_of(request)],
    }


def present_timeline(request):
    return [_event(entry) for entry in public_timeline(request)]


def _event(entry):
    event, data = entry.event, entry.event.data or {}
    state = data.get("to") if event.kind == "state" else None
    return {
        "id": event.id,
        "kind": event.kind,
        "kind_name": EVENT_KIND_NAMES.get(event.kind, EVENT_KIND_OTHER),
        "text": entry.text,
        "actor": {"role": entry.by, "name": _actor_name(entry)},
        "state": state,
        "state_name": STATE_NAMES.get(state),
        "rating": data.get("rating") if event.kind == "rating" else None,
        "attachment_id": data.get("attachment_id") if event.kind == "attachment" else None,
        "created_at": _iso(event.created_at),
    }


def _actor_name(entry):
    return {"staff": entry.station_name, "person": PERSON_ACTOR}.get(entry.by, SYSTEM_ACTOR)


def present_attachment(attachment):
    return {
        "id": attachment.id,
        "kind": attachment.kind,
        "kind_name": KIND_NAMES[attachment.kind],
        "state": attachment.state,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "error": attachment.error,
        "created_at": _iso(attachment.created_at),
    }


def _iso(value):
    return value.isoformat() if value is not None else None
