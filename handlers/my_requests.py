"""我的诉求 in chat: the person's requests, one in detail with its public timeline, and what they can
do from there: 补充 (add to it), 撤回 (withdraw, confirmed), 评价 (rate, see handlers/rating.py)."""

import re

from handlers import texts
from handlers.choices import position_of
from handlers.rating import rate_latest, start_rating
from handlers.request_parts import (
    BACK,
    DONE_WORDS,
    MEDIA_KINDS,
    actor_of,
    add_to_request,
    normal,
    person_of,
    with_message,
)
from handlers.router import router, text_of
from menus import MenuKey
from models.request import STATE_NAMES
from server.operations.core.errors import DomainError, NotFound
from server.operations.core.free_text import originals_of
from server.operations.service_requests.events import public_timeline
from server.operations.service_requests.filing import request_of, requests_of, withdraw_request
from server.operations.service_requests.rating import can_rate
from server.timezone import local

LIST_SIZE = 10
NUMBER = re.compile(r"^\d{4}-\d{7}$")
BODY_SHOWN = 60
# A passive reply shows 2048 bytes; leave room for a dialog-expired notice put in front.
DETAIL_BYTES = 1800
SUPPLEMENT = "补充"


@router.click(MenuKey.MY_REQUESTS)
@router.text(keywords=[texts.MYREQ_TITLE])
def my_requests(msg, ctx):
    return show_list(ctx)


def show_list(ctx):
    requests = requests_of(person_of(ctx), limit=LIST_SIZE)
    if not requests:
        ctx.dialog.end()
        return texts.MYREQ_NONE
    ctx.dialog.goto("myreq:list", numbers=[r.number for r in requests])
    originals = originals_of(requests)
    lines = [
        texts.MYREQ_LINE.format(
            n=n, number=r.number, state=r.state_name, category=r.category.name, title=originals(r, "title")
        )
        for n, r in enumerate(requests, start=1)
    ]
    return texts.MYREQ_LIST.format(count=len(requests), lines="\n".join(lines))


def picked(said, numbers):
    """The request number the person means: a position in the list, or a number typed in full."""
    position = position_of(said)
    if position is not None and 1 <= position <= len(numbers):
        return numbers[position - 1]
    return said if NUMBER.match(said) else None


@router.step("myreq:list")
def pick_request(msg, ctx):
    said = normal(text_of(msg))
    if said == "评价":
        return rate_latest(msg, ctx)
    number = picked(said, ctx.dialog.data["numbers"])
    if number is None:
        return f"{texts.MYREQ_PICK}\n{show_list(ctx)}"
    return show_detail(ctx, number)


def show_detail(ctx, number):
    try:
        request = request_of(person_of(ctx), number)
    except NotFound as error:
        return f"{error.message}\n{texts.MYREQ_PICK}"
    ctx.dialog.goto("myreq:detail", number=number)
    return detail_text(request)


def detail_text(request):
    """The request as the person sees it: the public timeline only, newest kept when it is long."""
    lines = timeline_lines(request)
    options = "\n".join(texts.MYREQ_OPTIONS[name] for name in options_for(request))
    for skipped in range(max(len(lines), 1)):
        shown = ([texts.MYREQ_EARLIER.format(n=skipped)] if skipped else []) + lines[skipped:]
        text = texts.MYREQ_DETAIL.format(
            number=request.number,
            category=request.category.name,
            state=request.state_name,
            station=request.station.name,
            timeline="\n".join(shown),
        )
        if len(f"{text}\n\n{options}".encode()) <= DETAIL_BYTES:
            break
    return f"{text}\n\n{options}"


def options_for(request):
    options = ["supplement", "withdraw"] if request.is_open else []
    return [*options, *(["rate"] if can_rate(request) else []), "back"]


def timeline_lines(request):
    return [
        texts.MYREQ_TIMELINE_LINE.format(time=local(e.event.created_at), who=who(e), what=what(e))
        for e in public_timeline(request)
    ]


def who(entry):
    return {"staff": entry.station_name, "person": texts.MYREQ_YOU}.get(entry.by, texts.MYREQ_SYSTEM)


def what(entry):
    event = entry.event
    if event.kind == "state":
        said = texts.MYREQ_STATE_EVENT.format(state=STATE_NAMES.get(event.data.get("to"), ""))
    elif event.kind == "rating":
        said = f"{texts.MYREQ_EVENT['rating']}{event.data.get('label', '')}"
    else:
        said = texts.MYREQ_EVENT.get(event.kind, "")
    return texts.MYREQ_EVENT_TEXT.format(said=said, text=shorten(entry.text)) if entry.text else said


def shorten(body):
    body = " ".join(body.split())
    return body if len(body) <= BODY_SHOWN else body[: BODY_SHOWN - 1] + "…"


@router.step("myreq:detail")
def detail_step(msg, ctx):
    said = text_of(msg).strip()
    command = normal(said)
    number = ctx.dialog.data["number"]
    if command == BACK:
        return show_list(ctx)
    if command.startswith(SUPPLEMENT):
        return supplement_from_detail(msg, ctx, said[len(SUPPLEMENT) :].lstrip(" ：:，,"))
    if command == "撤回":
        ctx.dialog.goto("myreq:withdraw")
        return texts.MYREQ_WITHDRAW_ASK.format(number=number)
    if command == "评价":
        return rate_from_detail(ctx, number)
    other = picked(command, ctx.dialog.data.get("numbers", []))
    if other is not None:
        return show_detail(ctx, other)
    return texts.MYREQ_WHAT_NEXT


def supplement_from_detail(msg, ctx, words):
    if not words:
        ctx.dialog.goto("myreq:supplement")
        return texts.MYREQ_SUPPLEMENT_ASK
    return add_and_return(ctx, [words], [])


@router.step("myreq:supplement")
def supplement(msg, ctx):
    if normal(text_of(msg)) in (BACK, *DONE_WORDS):
        return show_detail(ctx, ctx.dialog.data["number"])
    if msg.type not in ("text", *MEDIA_KINDS):
        return texts.MYREQ_SUPPLEMENT_ASK
    try:
        parts, media = with_message({}, msg)
    except DomainError as error:
        return error.message
    return add_and_return(ctx, parts, media)


def add_and_return(ctx, parts, media):
    """Add to the request shown, then stay on its detail so the person can do more."""
    number, person = ctx.dialog.data["number"], person_of(ctx)
    try:
        request = request_of(person, number)
        note = add_to_request(request, person, parts, media, actor_of(person))
    except DomainError as error:
        ctx.dialog.goto("myreq:detail")
        return error.message
    ctx.dialog.goto("myreq:detail")
    return texts.REQ_SUPPLEMENTED.format(number=number) + note + "\n" + texts.MYREQ_WHAT_NEXT


@router.step("myreq:withdraw")
def confirm_withdrawal(msg, ctx):
    number, person = ctx.dialog.data["number"], person_of(ctx)
    if normal(text_of(msg)) != "确认撤回":
        ctx.dialog.goto("myreq:detail")
        return texts.MYREQ_KEPT.format(number=number)
    ctx.dialog.end()
    try:
        withdraw_request(request_of(person, number), actor_of(person))
    except DomainError as error:
        return error.message
    return texts.MYREQ_WITHDRAWN.format(number=number)


def rate_from_detail(ctx, number):
    try:
        request = request_of(person_of(ctx), number)
    except NotFound as error:
        return error.message
    if not can_rate(request):
        return texts.MYREQ_NOT_RATEABLE
    return start_rating(ctx, request)
