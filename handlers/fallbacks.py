"""A sensible answer to every kind of message WeChat sends that nothing else claimed."""

from handlers import texts
from handlers.router import PASSIVE_EVENTS, event_of, router, text_of


@router.fallback("message")
def unknown_message(msg, ctx):
    if text_of(msg):
        return texts.UNKNOWN_TEXT
    return {
        "image": texts.GOT_IMAGE,
        "voice": texts.GOT_VOICE,
        "video": texts.GOT_VIDEO,
        "shortvideo": texts.GOT_VIDEO,
        "file": texts.GOT_FILE,
    }.get(msg.type, texts.UNKNOWN_TEXT)


@router.message("location")
def location_message(msg, ctx):
    label = getattr(msg, "label", None) or f"{msg.location_x}, {msg.location_y}"
    return texts.GOT_LOCATION.format(label=label)


@router.message("link")
def link_message(msg, ctx):
    return texts.GOT_LINK.format(title=getattr(msg, "title", "") or "链接")


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
