"""评价 in chat: 满意 / 基本满意 / 不满意 and an optional comment, for a resolved or concluded request.
不满意 reopens a service request or asks for 复查/复核 of a petition where the rules allow it."""

from handlers import texts
from handlers.choices import pick
from handlers.request_parts import BACK, actor_of, normal, person_of
from handlers.router import router, text_of
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.service_requests.filing import request_of, requests_of
from server.operations.service_requests.rating import can_rate, rate_request

CHOICES = ("satisfied", "fair", "unsatisfied")  # in the order RATE_ASK lists them
WORDS = (("满意", "很满意", "非常满意"), ("基本满意", "一般", "还行"), ("不满意", "很不满意"))
NO_COMMENT = frozenset({"无", "没有", "不用", "没了"})


@router.text(keywords=["评价", "我要评价"])
def rate_latest(msg, ctx):
    """The keyword the resolution message points to: rate the most recent request waiting for it."""
    request = next((r for r in requests_of(person_of(ctx)) if can_rate(r)), None)
    if request is None:
        return texts.RATE_NONE
    return start_rating(ctx, request)


def start_rating(ctx, request):
    ctx.dialog.goto("rate:choice", number=request.number, category=request.category.name)
    return texts.RATE_ASK.format(number=request.number, category=request.category.name)


def ask_again(ctx):
    return texts.RATE_ASK.format(number=ctx.dialog.data["number"], category=ctx.dialog.data["category"])


@router.step("rate:choice")
def choose_rating(msg, ctx):
    choice = pick(text_of(msg), WORDS)
    if choice is None:
        return f"{texts.BAD_CHOICE}\n{ask_again(ctx)}"
    ctx.dialog.goto("rate:comment", rating=CHOICES[choice])
    return texts.RATE_ASK_COMMENT


@router.step("rate:comment")
def comment_and_rate(msg, ctx):
    said = text_of(msg).strip()
    data = ctx.dialog.data
    if normal(said) == BACK:
        ctx.dialog.goto("rate:choice")
        return ask_again(ctx)
    if not said:
        return texts.RATE_ASK_COMMENT
    comment = None if normal(said) in NO_COMMENT else said
    person = person_of(ctx)
    try:
        request = request_of(person, data["number"])
        rate_request(request, data["rating"], comment, actor_of(person))
    except (InvalidState, NotFound) as error:  # rated meanwhile, or no longer rateable
        ctx.dialog.end()
        return error.message
    except DomainError as error:  # the comment: too long, say
        return f"{error.message}\n{texts.RATE_ASK_COMMENT}"
    ctx.dialog.end()
    return thanks(request, data["rating"])


def thanks(request, rating):
    if rating != "unsatisfied":
        return texts.RATE_THANKS
    if request.state == "processing":
        return texts.RATE_REOPENED.format(number=request.number)
    if request.state == "reviewing":
        return texts.RATE_REVIEWING.format(number=request.number)
    return texts.RATE_RECORDED
