"""A sensible answer to every kind of message WeChat sends that nothing else claimed."""

from handlers import texts
from handlers.choices import pick
from handlers.policies import is_policy_question, search_reply
from handlers.request_parts import (
    MEDIA_KINDS,
    actor_of,
    add_to_request,
    is_dialog_word,
    person_of,
    with_message,
)
from handlers.router import PASSIVE_EVENTS, event_of, router, text_of
from server.operations.core.errors import DomainError
from server.operations.service_requests.filing import open_request_of, request_of

OFFER_CHOICES = (("补充", "是", "好"), ("不用", "不", "否", "不补充"))


@router.fallback("message")
def unknown_message(msg, ctx):
    said = text_of(msg).strip()
    if is_policy_question(said):
        return search_reply(said, ctx)
    offer = offer_to_open_request(msg, ctx)
    if offer:
        return offer
    if text_of(msg):
        return texts.UNKNOWN_TEXT
    return {
        "image": texts.GOT_IMAGE,
        "voice": texts.GOT_VOICE,
        "video": texts.GOT_VIDEO,
        "shortvideo": texts.GOT_VIDEO,
        "file": texts.GOT_FILE,
    }.get(msg.type, texts.UNKNOWN_TEXT)


def offer_to_open_request(msg, ctx):
    """A loose text, photo or voice from someone with an open request: offer to add it there (a
    short policy question is searched first)."""
    said = text_of(msg).strip()
    if msg.type not in ("text", *MEDIA_KINDS) or (msg.type == "text" and is_dialog_word(said)):
        return None
    request = open_request_of(person_of(ctx))
    if request is None:
        return None
    try:
        parts, media = with_message({}, msg)
    except DomainError:
        return None  # too long for a request: the usual answer
    if not (parts or media):
        return None
    ctx.dialog.goto("offer:confirm", number=request.number, parts=parts, media=media)
    return texts.OFFER_ASK.format(number=request.number)


@router.step("offer:confirm")
def confirm_offer(msg, ctx):
    data = ctx.dialog.data
    choice = pick(text_of(msg), OFFER_CHOICES)
    if choice is None:
        return f"{texts.BAD_CHOICE}\n{texts.OFFER_ASK.format(number=data['number'])}"
    ctx.dialog.end()
    if choice == 1:
        return texts.OFFER_DECLINED
    person = person_of(ctx)
    try:
        request = request_of(person, data["number"])
        note = add_to_request(request, person, data["parts"], data["media"], actor_of(person))
    except DomainError as error:
        return error.message
    return texts.OFFER_ADDED.format(number=request.number) + note


@router.message("location")
def location_message(msg, ctx):
    label = getattr(msg, "label", None) or f"{msg.location_x}, {msg.location_y}"
    return texts.GOT_LOCATION.format(label=label)


@router.message("link")
def link_message(msg, ctx):
    return texts.GOT_LINK.format(title=getattr(msg, "title", "") or texts.GOT_LINK_UNTITLED)


@router.fallback("event")
def unknown_event(msg, ctx):
    # Background events need no answer; anything the user did in the chat gets one.
    return None if event_of(msg) in PASSIVE_EVENTS else texts.UNKNOWN_ACTION


@router.fallback("click")
def unknown_click(msg, ctx):
    return texts.UNKNOWN_CLICK


@router.fallback("step")
def lost_step(msg, ctx):
    ctx.dialog.end()
    return texts.STEP_LOST
