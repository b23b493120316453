"""提交诉求 in chat: a category, a description in as many messages as the person likes (words, voice,
photos), a summary, 提交. A same-category request still open is offered to be supplemented instead.
"""

from handlers import texts
from handlers.choices import choose, pick
from handlers.registration import numbered
from handlers.request_parts import (
    BACK,
    DONE_WORDS,
    actor_of,
    add_to_request,
    attach_all,
    counts,
    normal,
    person_of,
    with_message,
)
from handlers.router import router, text_of
from menus import MenuKey
from models import RequestCategory, db
from server.operations.core.errors import Conflict, DomainError
from server.operations.service_requests.filing import (
    active_request_categories,
    file_request,
    request_of,
    station_of,
)

SUBMIT_WORDS = frozenset({"提交", "确认", "确认提交"})
DESCRIBED_BY = ("text", "voice", "image")
PREVIEW_CHARS = 300
DUPLICATE_CHOICES = (("补充", "补充到原诉求"), ("新建", "仍然新建", "新建一条"))


@router.click(MenuKey.FILE_REQUEST)
def start_filing(msg, ctx):
    if station_of(person_of(ctx)) is None:
        return texts.REQ_NO_STATION
    ctx.dialog.goto("request:category", parts=[], media=[])
    return ask_category(ctx)


def ask_category(ctx):
    categories = active_request_categories()
    ctx.dialog.goto(
        "request:category", choices=[c.id for c in categories], names=[c.name for c in categories]
    )
    return texts.REQ_ASK_CATEGORY.format(choices=numbered([c.name for c in categories]))


@router.step("request:category")
def choose_category(msg, ctx):
    said = normal(text_of(msg))
    data = ctx.dialog.data
    if said == BACK:
        return ask_category(ctx)
    try:
        category_id = choose(said, data["names"], data["choices"])
    except DomainError as error:
        return f"{error.message}\n{ask_category(ctx)}"
    ctx.dialog.goto("request:describe", category_id=category_id)
    return ask_description(ctx)


def ask_description(ctx):
    ctx.dialog.goto("request:describe")
    data = ctx.dialog.data
    question = texts.REQ_ASK_DESCRIBE.format(category=category_of(data).name)
    gathered = counts(data["parts"], data["media"])
    return f"{question}\n{texts.REQ_KEPT_SO_FAR.format(gathered=gathered)}" if gathered else question


def category_of(data):
    return db.session.get(RequestCategory, data["category_id"])


@router.step("request:describe")
def describe(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return ask_category(ctx)
    if said in DONE_WORDS:
        return finish_description(ctx)
    if msg.type not in DESCRIBED_BY:
        return texts.REQ_UNSUPPORTED
    try:
        parts, media = with_message(ctx.dialog.data, msg)
    except DomainError as error:
        return error.message
    ctx.dialog.goto("request:describe", parts=parts, media=media)
    heard = texts.REQ_VOICE_HEARD.format(text=parts[-1]) if msg.type == "voice" and said else ""
    return heard + texts.REQ_GOT_PART.format(gathered=counts(parts, media))


def finish_description(ctx):
    if not ctx.dialog.data["parts"]:
        return texts.REQ_NEEDS_WORDS
    return show_summary(ctx)


def show_summary(ctx):
    ctx.dialog.goto("request:confirm")
    data = ctx.dialog.data
    return texts.REQ_SUMMARY.format(
        category=category_of(data).name,
        content=preview(content_of(data)),
        attachments=counts([], data["media"], with_text=False) or texts.REQ_NO_ATTACHMENTS,
    )


def content_of(data):
    return "\n".join(data["parts"])


def preview(content):
    # A passive reply shows about 2048 bytes: a long description must not push 提交 off the end.
    if len(content) <= PREVIEW_CHARS:
        return content
    return texts.REQ_PREVIEW.format(start=content[:PREVIEW_CHARS], length=len(content))


@router.step("request:confirm")
def confirm(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return ask_description(ctx)
    if said in SUBMIT_WORDS:
        return submit(ctx)
    return show_summary(ctx)


def submit(ctx, allow_duplicate=False):
    """File the request, then attach what was sent with it; a duplicate or a refusal is explained."""
    data, person = ctx.dialog.data, person_of(ctx)
    actor = actor_of(person)
    try:
        request = file_request(
            person, category_of(data), content_of(data), "chat", actor, allow_duplicate=allow_duplicate
        )
    except Conflict as conflict:
        if "number" not in conflict.details:
            return f"{conflict.message}\n{show_summary(ctx)}"
        ctx.dialog.goto("request:duplicate", number=conflict.details["number"])
        return texts.REQ_DUPLICATE.format(number=conflict.details["number"])
    except DomainError as error:
        return refused(ctx, error)
    note = attach_all(request, data["media"], actor)
    ctx.dialog.end()
    return filed_reply(request) + note


def refused(ctx, error):
    """A refusal by the operation: back to the question it is about, with its message."""
    field = error.details.get("field")
    if field == "station_id":
        ctx.dialog.end()
        return texts.REQ_NO_STATION
    if field == "category_id":
        return f"{error.message}\n{ask_category(ctx)}"
    return f"{error.message}\n{ask_description(ctx)}"


def filed_reply(request):
    return texts.REQ_FILED.format(
        number=request.number, station=request.station.name, expect=expectation(request)
    )


def expectation(request):
    """When the person may expect to hear: the first answer, or a petition's acceptance."""
    if request.track == "petition" and request.due_on:
        return texts.REQ_EXPECT_ACCEPTANCE.format(date=chinese_date(request.due_on))
    if request.respond_due_on:
        return texts.REQ_EXPECT_ANSWER.format(date=chinese_date(request.respond_due_on))
    return texts.REQ_EXPECT_SOON


def chinese_date(day):
    return texts.REQ_DATE.format(year=day.year, month=day.month, day=day.day)


@router.step("request:duplicate")
def duplicate(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return show_summary(ctx)
    choice = pick(said, DUPLICATE_CHOICES)
    if choice == 0:
        return supplement_existing(ctx)
    if choice == 1:
        return submit(ctx, allow_duplicate=True)
    return f"{texts.BAD_CHOICE}\n{texts.REQ_DUPLICATE.format(number=ctx.dialog.data['number'])}"


def supplement_existing(ctx):
    data, person = ctx.dialog.data, person_of(ctx)
    try:
        request = request_of(person, data["number"])
        note = add_to_request(request, person, data["parts"], data["media"], actor_of(person))
    except DomainError as error:
        return f"{error.message}\n{texts.REQ_DUPLICATE.format(number=data['number'])}"
    ctx.dialog.end()
    return texts.REQ_SUPPLEMENTED.format(number=request.number) + note
