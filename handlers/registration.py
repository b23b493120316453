"""登记建档 in chat: the privacy notice, one question at a time, a summary to confirm.

Answers are saved to the draft record as they come (so a half-finished registration survives the
dialog's 30 minutes); the dialog keeps only where the user is and how they got there.
"""

import re
from datetime import date

from handlers import texts
from handlers.choices import choose, pick, position_of
from handlers.router import router, text_of
from menus import MenuKey
from server.operations.core.errors import DomainError
from server.operations.veterans.privacy import PRIVACY_NOTICE
from server.operations.veterans.registrations import (
    BRANCHES,
    FIELD_NAMES,
    active_categories,
    missing_fields,
    requires_service,
    start_registration,
    submit_registration,
    update_registration,
)

FIELDS = (
    "name",
    "id_number",
    "mobile",
    "category_id",
    "branch",
    "enlisted_on",
    "discharged_on",
    "hukou_address",
    "residence_address",
    "station_id",
)
BACK = "上一步"
CONSENT = (("同意", "是", "好"), ("不同意", "否", "不"))
QUESTIONS = {}  # field -> function(ctx, veteran) for questions that are more than one step (the station)
DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$|^(\d{4})(\d{2})(\d{2})?$")


@router.click(MenuKey.REGISTER)
def register(msg, ctx):
    veteran = ctx.veteran
    if veteran is None or veteran.consent_withdrawn_at is not None:
        ctx.dialog.goto("register:consent", history=[])
        return PRIVACY_NOTICE + texts.REG_CONSENT_ASK
    if veteran.state == "submitted":
        return texts.REG_PENDING.format(summary=summary(veteran))
    if veteran.state == "approved":
        return texts.REG_APPROVED.format(summary=summary(veteran))
    if veteran.state == "returned":
        return texts.REG_RETURNED.format(reason=veteran.return_reason)
    return texts.REG_RESUME + "\n" + advance(ctx, veteran)


@router.step("register:consent")
def consent(msg, ctx):
    agreed = pick(text_of(msg), CONSENT)
    if agreed is None:
        return texts.BAD_CHOICE + texts.REG_CONSENT_ASK
    if agreed == 1:
        ctx.dialog.end()
        return texts.REG_DECLINED
    unionid = ctx.follower.unionid  # the mini-program finds the record by it (the pipeline made the follower)
    veteran = ctx.veteran or start_registration("chat", openid=ctx.openid, unionid=unionid)
    if veteran.consent_withdrawn_at is not None:
        veteran.consent_withdrawn_at = None
    return advance(ctx, veteran)


def next_field(veteran):
    missing = set(missing_fields(veteran))
    return next((f for f in FIELDS if f in missing), None)


def advance(ctx, veteran):
    """Ask the next unanswered question, or show the summary when nothing is missing."""
    field = None if ctx.dialog.data.get("editing") else next_field(veteran)
    if field is None:
        ctx.dialog.goto("register:confirm", editing=False)
        return texts.REG_SUMMARY.format(lines=summary(veteran, numbered=True))
    return ask(ctx, veteran, field)


def ask(ctx, veteran, field):
    if field in QUESTIONS:
        return QUESTIONS[field](ctx, veteran)
    ctx.dialog.goto(f"register:{field}")
    choices = {"category_id": [c.name for c in active_categories()], "branch": list(BRANCHES)}.get(field)
    question = texts.REG_ASK[field].format(choices=numbered(choices)) if choices else texts.REG_ASK[field]
    return f"{question}\n{texts.REG_STEP_HINT}"


def answer_field(msg, ctx):
    """Any question step: validate the answer, save it to the draft, ask the next question."""
    field = ctx.dialog.step.split(":", 1)[1]
    said = text_of(msg).strip()
    veteran = ctx.veteran
    if said == BACK:
        return go_back(ctx, veteran)
    try:
        update_registration(veteran, {field: _parse(field, said, veteran)})
    except DomainError as error:
        return f"{error.message}\n{ask(ctx, veteran, field)}"
    remember(ctx, field)
    return advance(ctx, veteran)


for _field in FIELDS[:-1]:
    router.step(f"register:{_field}")(answer_field)


def _parse(field, said, veteran):
    if field == "category_id":
        categories = active_categories()
        return choose(said, [c.name for c in categories], [c.id for c in categories])
    if field == "branch":
        return choose(said, BRANCHES)
    if field in ("enlisted_on", "discharged_on"):
        return _chat_date(said)
    if field == "residence_address" and said == "同上":
        return veteran.hukou_address or ""
    return said


def _chat_date(said):
    """1998-12, 1998年12月, 1998.12.01, 199812, 19981201 → a date (the 1st when no day is given)."""
    normal = re.sub(r"[年月./]", "-", said.replace(" ", "").replace("日", "")).strip("-")
    match = DATE.match(normal)
    if not match:
        raise DomainError(texts.REG_BAD_DATE)
    year, month, day = (
        g
        for g in (
            match.group(1) or match.group(4),
            match.group(2) or match.group(5),
            match.group(3) or match.group(6),
        )
    )
    try:
        return date(int(year), int(month), int(day or 1))
    except ValueError:
        raise DomainError(texts.REG_BAD_DATE) from None


def remember(ctx, step):
    history = ctx.dialog.data.get("history", [])
    if not history or history[-1] != step:
        ctx.dialog.goto(ctx.dialog.step, history=[*history, step])


def go_back(ctx, veteran):
    history = list(ctx.dialog.data.get("history", []))
    if not history:
        return ask(ctx, veteran, ctx.dialog.step.split(":", 1)[1])
    previous = history.pop()
    ctx.dialog.goto(ctx.dialog.step, history=history)
    return ask(ctx, veteran, previous)


@router.step("register:confirm")
def confirm(msg, ctx):
    said = text_of(msg).strip().replace(" ", "")
    veteran = ctx.veteran
    if said == BACK:
        return go_back(ctx, veteran)
    if said == "提交":
        try:
            submit_registration(veteran)
        except DomainError as error:
            return f"{error.message}\n{advance(ctx, veteran)}"
        ctx.dialog.end()
        return texts.REG_SUBMITTED.format(station=veteran.station.name)
    shown = shown_fields(veteran)
    item = position_of(said[1:]) if said.startswith("改") else None  # 改3, 改三, 改第3项
    if item is not None and 1 <= item <= len(shown):
        ctx.dialog.goto("register:confirm", editing=True)
        return ask(ctx, veteran, shown[item - 1])
    return texts.REG_SUMMARY.format(lines=summary(veteran, numbered=True))


def shown_fields(veteran):
    return [
        f for f in FIELDS if requires_service(veteran) or f not in ("branch", "enlisted_on", "discharged_on")
    ]


def summary(veteran, numbered=False):
    """The record as the person typed it, unmasked: only they see their chat (staff see it masked)."""
    values = {
        "name": veteran.name,
        "id_number": veteran.id_number,
        "mobile": veteran.mobile,
        "category_id": veteran.category.name if veteran.category else None,
        "branch": veteran.branch,
        "enlisted_on": veteran.enlisted_on and veteran.enlisted_on.strftime(texts.REG_MONTH),
        "discharged_on": veteran.discharged_on and veteran.discharged_on.strftime(texts.REG_MONTH),
        "hukou_address": veteran.hukou_address,
        "residence_address": veteran.residence_address,
        "station_id": veteran.station.name if veteran.station else None,
    }
    fields = shown_fields(veteran)
    return "\n".join(
        (f"{n}. " if numbered else "")
        + texts.REG_SUMMARY_LINE.format(field=FIELD_NAMES[f], value=values[f] or texts.REG_NOT_FILLED)
        for n, f in enumerate(fields, start=1)
    )


def numbered(options):
    return "\n".join(f"{n}. {option}" for n, option in enumerate(options, start=1))
