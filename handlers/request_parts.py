"""What a person sends about a request over several chat messages: words, photos and voice.

The dialog keeps the words and the media ids (JSON in Redis); only when the request is filed or
supplemented are the media attached, and a job fetches their bytes from WeChat (kept there 3 days).
"""

from handlers import texts
from handlers.choices import normal, position_of
from handlers.router import text_of
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError, InvalidState
from server.operations.service_requests.attachments import PER_REQUEST, attach_media
from server.operations.service_requests.filing import CONTENT_LIMIT, Person, add_person_message

BACK = "上一步"
MEDIA_KINDS = ("image", "voice")
DONE_WORDS = frozenset({"完成", "好了", "好", "说完了", "就这些", "没有了", "结束", "ok"})
# Words that answer a dialog: sent after one ended (or expired) they are not meant for a request.
DIALOG_WORDS = DONE_WORDS | {"提交", "确认", BACK, "确认撤回", "确认取消", "更多", "无"}


def is_dialog_word(said):
    said = normal(said)
    return position_of(said) is not None or said in DIALOG_WORDS


def person_of(ctx):
    """The person writing, as the request operations know them: their registration and their openid."""
    veteran = ctx.veteran
    return Person(veteran=veteran, openid=ctx.openid, name=veteran.name if veteran else None)


def actor_of(person):
    return Actor.person(person.display_name)


def with_message(data, msg):
    """(parts, media) of the dialog's `data` with `msg` added; DomainError when it does not fit."""
    said = text_of(msg).strip()
    parts, media = list(data.get("parts", [])), list(data.get("media", []))
    if said:
        if len("\n".join([*parts, said])) > CONTENT_LIMIT:
            raise DomainError(texts.REQ_TOO_LONG.format(limit=CONTENT_LIMIT))
        parts.append(said)
    media_id = getattr(msg, "media_id", None)
    if msg.type in MEDIA_KINDS and media_id:
        if len(media) >= PER_REQUEST:
            raise DomainError(texts.REQ_TOO_MANY_FILES.format(limit=PER_REQUEST))
        media.append([msg.type, media_id])
    return parts, media


def counts(parts, media, with_text=True):
    """e.g. 文字2条、图片1张; empty when nothing was gathered."""
    numbers = {
        "text": len(parts) if with_text else 0,
        "image": sum(1 for kind, _ in media if kind == "image"),
        "voice": sum(1 for kind, _ in media if kind == "voice"),
    }
    return texts.REQ_COUNTS_JOINED.join(
        texts.REQ_COUNTS[kind].format(n=n) for kind, n in numbers.items() if n
    )


def add_to_request(request, person, parts, media, actor):
    """Add the words as one message and each media as an attachment. Returns a note for the person
    when some media did not fit (the words are added all the same)."""
    if not request.is_open:
        raise InvalidState(texts.REQ_CLOSED)
    if parts:
        add_person_message(request, person, "\n".join(parts), actor)
    return attach_all(request, media, actor)


def attach_all(request, media, actor):
    """Attach each photo or voice; a note for the person when some did not fit (9 a request)."""
    for kind, media_id in media:
        try:
            attach_media(request, kind, media_id, actor)
        except DomainError as error:
            return "\n" + error.message
    return ""
