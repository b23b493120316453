"""The two tracks of a request as one table of actions: which track, from which states, to which.

Service requests: 待处理 → 处理中 → 待确认 (waiting on the person, clock paused) → 已办结 → 已关闭,
reopened within REOPEN_DAYS. Petitions (信访工作条例): 登记 → 受理 or 不予受理 (with the reason) →
办结, extended once by at most 30 days with the reason told, 复查 then 复核 asked within 30 days of an
answer and answered within 30, then 终结. Anything else is refused with the reason.
"""

from dataclasses import dataclass

from models.request import PRIORITY_NAMES
from models.types import utcnow
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import DomainError, InvalidState
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import (
    EXTENSION_MAX_DAYS,
    RATING_WAIT_DAYS,
    REOPEN_DAYS,
    REVIEW_DAYS,
    forget_escalation,
    mark_answered,
    mark_resolved,
    pause_clock,
    resume_clock,
    today,
    working_days_since_resolved,
)
from server.operations.service_requests.events import add_event
from server.operations.service_requests.updates import tell_person


@dataclass(frozen=True)
class Action:
    label: str
    track: str
    sources: tuple
    target: str
    needs_reason: bool = False
    tells_person: bool = True


ACTIONS = {
    "start": Action("开始办理", "service", ("pending",), "processing", tells_person=False),
    "wait": Action("等待本人补充", "service", ("pending", "processing"), "waiting", needs_reason=True),
    "resume": Action("继续办理", "service", ("waiting",), "processing", tells_person=False),
    "resolve": Action("办结", "service", ("pending", "processing", "waiting"), "resolved", needs_reason=True),
    "close": Action("关闭", "service", ("resolved",), "closed", tells_person=False),  # after rating or a wait
    "reopen": Action("重新办理", "service", ("resolved", "closed"), "processing"),
    "accept": Action("受理", "petition", ("registered",), "accepted"),
    "reject": Action("不予受理", "petition", ("registered",), "rejected", needs_reason=True),
    "conclude": Action("办结", "petition", ("accepted", "reviewing"), "concluded", needs_reason=True),
    "review": Action("申请复查/复核", "petition", ("concluded",), "reviewing", needs_reason=True),
    "finalize": Action("终结", "petition", ("concluded",), "final"),  # once the 复查 window has passed
}
STAFF_ACTIONS = tuple(name for name in ACTIONS if name != "review")  # 复查/复核 is the person's to ask


def actions_for(request):
    """The actions staff may take on `request` now, in the table's order."""
    return [
        name
        for name in STAFF_ACTIONS
        if ACTIONS[name].track == request.track and request.state in ACTIONS[name].sources
    ]


def move_request(request, name, actor, reason=None, day=None):
    """Take action `name` on `request`: check it is allowed, move the clock, record it, tell the person."""
    action = ACTIONS.get(name)
    if action is None:
        raise DomainError(texts.UNKNOWN_ACTION, field="action")
    if action.track != request.track or request.state not in action.sources:
        raise InvalidState(texts.ACTION_NOT_NOW.format(state=request.state_name, action=action.label))
    reason = (reason or "").strip()
    if action.needs_reason and not 2 <= len(reason) <= 2000:
        raise DomainError(texts.ACTION_REASON.format(action=action.label), field="reason")
    calendar, day = WorkingCalendar.load(), day or today()
    STEPS.get(name, _nothing)(request, calendar, day)
    target = "final" if name == "conclude" and request.review_round >= 2 else action.target  # 复核 ends it
    before, request.state = request.state_name, target
    add_event(request, "state", actor, body=reason or None, public=True, to=target, action=name)
    if action.tells_person:
        # The person's own words (a 不满意 comment that reopens it) are never quoted back to them.
        said = texts.STAFF_REASON.format(reason=reason) if reason and not actor.is_person else None
        tell_person(request, texts.STATE_NEWS.format(state=request.state_name), staff_words=said)
    return before


def extend_request(request, days, reason, actor):
    """延期: a petition's handling, once, by at most 30 working days; the person is told why."""
    if request.track != "petition" or request.state != "accepted":
        raise InvalidState(texts.EXTEND_ONLY_ACCEPTED)
    if request.extended:
        raise InvalidState(texts.EXTEND_ONCE)
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_DAYS:
        raise DomainError(texts.EXTEND_DAYS_RANGE.format(days=EXTENSION_MAX_DAYS), field="days")
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 500:
        raise DomainError(texts.EXTEND_REASON, field="reason")
    calendar = WorkingCalendar.load()
    request.due_on, request.extended = calendar.add_working_days(request.due_on, days), True
    add_event(
        request, "extend", actor, body=reason, public=True, days=days, due_on=request.due_on.isoformat()
    )
    tell_person(
        request,
        texts.EXTEND_NEWS.format(days=days),
        staff_words=texts.EXTEND_STAFF_REASON.format(reason=reason),
    )
    return request


def set_priority(request, priority, actor):
    """标为紧急 / 取消紧急 an open request: shown in the queue and on its page; an internal entry."""
    if priority not in PRIORITY_NAMES:
        raise DomainError(texts.PRIORITY_INVALID, field="priority")
    if not request.is_open:
        raise InvalidState(texts.PRIORITY_CLOSED)
    if request.priority == priority:
        raise InvalidState(texts.PRIORITY_SAME.format(priority=PRIORITY_NAMES[priority]))
    request.priority = priority
    add_event(request, "priority", actor, priority=priority)
    return request


def _wait(request, calendar, day):
    pause_clock(request, day)


def _resume(request, calendar, day):
    resume_clock(request, calendar, day)


def _resolve(request, calendar, day):
    resume_clock(request, calendar, day)
    request.resolved_due_on = request.due_on  # kept for the on-time rate once the clock is cleared
    mark_resolved(request, calendar)
    request.respond_due_on, request.due_on = None, None
    request.rating = request.rating_comment = request.rated_at = None


def _close(request, calendar, day):
    """Closing takes the person's chance to rate: only once they rated, cannot be reached on WeChat,
    or had RATING_WAIT_DAYS working days to do it."""
    reachable = request.openid or request.miniapp_openid
    waited = working_days_since_resolved(request, calendar, day)
    if request.rated_at is None and reachable and waited is not None and waited < RATING_WAIT_DAYS:
        raise InvalidState(texts.CLOSE_WAITS_FOR_RATING.format(days=RATING_WAIT_DAYS))
    request.closed_at = utcnow()


def _finalize(request, calendar, day):
    """终结 before the person's 30 days to ask for 复查/复核 have passed would take that right away."""
    waited = working_days_since_resolved(request, calendar, day)
    if waited is not None and waited <= REVIEW_DAYS:
        raise InvalidState(texts.FINALIZE_WAITS_FOR_REVIEW.format(days=REVIEW_DAYS))
    request.closed_at = utcnow()


def _reopen(request, calendar, day):
    waited = working_days_since_resolved(request, calendar, day)
    if waited is None or waited > REOPEN_DAYS:
        raise InvalidState(texts.REOPEN_TOO_LATE.format(days=REOPEN_DAYS))
    request.due_on = calendar.add_working_days(day, request.category.resolution_days)
    request.closed_at = None
    forget_escalation(request)


def _accept(request, calendar, day):
    request.due_on = calendar.add_working_days(day, request.category.resolution_days)
    mark_answered(request, calendar)


def _reject(request, calendar, day):
    request.due_on, request.closed_at = None, utcnow()
    mark_answered(request, calendar)


def _review(request, calendar, day):
    if request.review_round >= 2:
        raise InvalidState(texts.REVIEW_AFTER_SECOND)
    waited = working_days_since_resolved(request, calendar, day)
    if waited is None or waited > REVIEW_DAYS:
        raise InvalidState(texts.REVIEW_TOO_LATE.format(days=REVIEW_DAYS))
    request.review_round += 1
    request.due_on = calendar.add_working_days(day, REVIEW_DAYS)
    forget_escalation(request)


def _nothing(request, calendar, day):
    pass


STEPS = {
    "wait": _wait,
    "resume": _resume,
    "resolve": _resolve,
    "conclude": _resolve,
    "close": _close,
    "reopen": _reopen,
    "accept": _accept,
    "reject": _reject,
    "review": _review,
    "finalize": _finalize,
}
