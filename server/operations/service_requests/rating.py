"""The person rates the outcome (满意/基本满意/不满意). 不满意 reopens a service request within its
window, or asks for 复查/复核 of a petition where the 条例 still allows it."""

from contextlib import suppress

from models.request import RATINGS
from models.types import utcnow
from server.operations.core.errors import DomainError, InvalidState
from server.operations.core.free_text import keep_originals, mask_numbers
from server.operations.service_requests import texts
from server.operations.service_requests.events import add_event
from server.operations.service_requests.filing import clean_text
from server.operations.service_requests.states import move_request

RATEABLE = ("resolved", "concluded")


def can_rate(request):
    """Resolved (or concluded) and not yet rated: what the chat and the mini-program offer."""
    return request.state in RATEABLE and request.rated_at is None


def rate_request(request, rating, comment, actor):
    if request.state not in RATEABLE:
        raise InvalidState(texts.RATE_BEFORE_RESOLVED)
    if request.rated_at is not None:
        raise InvalidState(texts.RATED_ALREADY)
    if rating not in RATINGS:
        raise DomainError(texts.RATING_INVALID, field="rating")
    comment = clean_text(comment, "comment", texts.COMMENT, 0, 500) if comment else None
    request.rating, request.rating_comment, request.rated_at = rating, mask_numbers(comment), utcnow()
    keep_originals(request, replace=True, rating_comment=comment)  # a reopened request is rated again
    add_event(request, "rating", actor, body=comment, public=True, rating=rating, label=RATINGS[rating])
    if rating != "unsatisfied":
        if request.track == "service":
            move_request(request, "close", actor)
        return request
    _after_unsatisfied(request, comment, actor)
    return request


def _after_unsatisfied(request, comment, actor):
    name = "reopen" if request.track == "service" else "review"
    reason = comment if comment and len(comment) >= 2 else texts.UNSATISFIED
    with suppress(InvalidState):  # past the window (or after 复核): the rating stands for staff to see
        move_request(request, name, actor, reason=reason)
