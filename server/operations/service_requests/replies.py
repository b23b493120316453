"""Staff answering a request: public replies (sent to the person), internal notes, merges, links, 回访."""

from sqlalchemy import select

from models import RequestLink, ServiceRequest, db
from models.types import utcnow
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError, InvalidState
from server.operations.core.free_text import originals_of
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import mark_answered
from server.operations.service_requests.events import add_event
from server.operations.service_requests.filing import CONTENT_LIMIT, clean_text
from server.operations.service_requests.states import move_request
from server.operations.service_requests.updates import tell_person


def reply_to_request(request, text, actor):
    """A public answer: on the timeline, and sent to the person (its delivery shows on the timeline)."""
    if request.state == "merged":
        raise InvalidState(texts.REPLY_TO_MERGED)
    text = clean_text(text, "body", texts.REPLY, 2, CONTENT_LIMIT)
    if request.first_responded_at is None:
        mark_answered(request, WorkingCalendar.load())
    if request.state == "pending":
        move_request(request, "start", actor)
    notification = tell_person(request, texts.REPLY_NEWS, staff_words=text, status=texts.REPLY_STATUS)
    return add_event(request, "reply", actor, body=text, public=True, notification=notification)


def add_note(request, text, actor):
    """An internal note: staff see it, the person never does."""
    return add_event(request, "note", actor, body=clean_text(text, "body", texts.NOTE, 1, CONTENT_LIMIT))


def record_followup(request, text, actor, rating=None):
    """回访: staff called the person back; what they said, and their rating if they gave one."""
    if request.state not in ("resolved", "closed", "concluded", "final"):
        raise InvalidState(texts.FOLLOWUP_BEFORE_RESOLVED)
    if rating is not None and rating not in ("satisfied", "fair", "unsatisfied"):
        raise DomainError(texts.FOLLOWUP_RATING_INVALID, field="rating")
    body = clean_text(text, "body", texts.FOLLOWUP, 2, 1000)
    return add_event(request, "followup", actor, body=body, rating=rating)


def merge_requests(source, target, actor):
    """Fold `source` into `target`: the same person's same matter. Different people's requests are
    linked instead, so nobody's words reach another person."""
    if source.id == target.id:
        raise DomainError(texts.MERGE_SELF, field="target")
    if not (source.is_open and target.is_open):
        raise InvalidState(texts.MERGE_CLOSED)
    if source.track != target.track:
        raise InvalidState(texts.MERGE_TRACKS)
    same_person = (
        (source.veteran_id and source.veteran_id == target.veteran_id)
        or (source.openid and source.openid == target.openid)
        or (source.miniapp_openid and source.miniapp_openid == target.miniapp_openid)
    )
    if not same_person:
        raise InvalidState(texts.MERGE_PEOPLE)
    source.state, source.merged_into_id, source.closed_at = "merged", target.id, utcnow()
    body = texts.MERGED_INTO.format(number=target.number)
    add_event(source, "merge", actor, body=body, public=True, into=target.number)
    content = originals_of([source])(source, "content")
    body = texts.MERGED_FROM.format(number=source.number, content=content)
    add_event(target, "merge", actor, body=body, public=True, merged=source.number)
    return target


def link_requests(request, other, actor):
    """Mark two requests as related (for anyone's requests; nothing is shared with the person)."""
    if request.id == other.id:
        raise DomainError(texts.LINK_SELF, field="other")
    low, high = sorted((request.id, other.id))
    if db.session.get(RequestLink, (low, high)) is None:
        db.session.add(RequestLink(request_id=low, other_id=high))
        add_event(request, "link", actor, body=texts.LINKED.format(number=other.number), other=other.number)
        add_event(other, "link", actor, body=texts.LINKED.format(number=request.number), other=request.number)
    return request


def linked_requests(request):
    ids = db.session.execute(
        select(RequestLink.request_id, RequestLink.other_id).where(
            (RequestLink.request_id == request.id) | (RequestLink.other_id == request.id)
        )
    ).all()
    others = {a if b == request.id else b for a, b in ids}
    if not others:
        return []
    return db.session.execute(select(ServiceRequest).where(ServiceRequest.id.in_(others))).scalars().all()
