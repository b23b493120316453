"""我的信息: see one's record (masked), correct it, withdraw consent, ask for deletion."""

from handlers import texts
from handlers.registration import advance, summary
from handlers.router import router, text_of
from server.operations.veterans.registrations import EDITABLE_STATES, request_deletion, withdraw_consent


@router.text(keywords=["我的信息", "我的登记"])
def my_info(msg, ctx):
    veteran = ctx.veteran
    if veteran is None:
        return texts.REG_NONE
    state = texts.REG_STATE.format(state=veteran.state_name)
    if veteran.state == "returned":
        state += texts.REG_STATE_REASON.format(reason=veteran.return_reason)
    return texts.REG_MY_INFO.format(summary=summary(veteran), state=state)


@router.text(keywords=["修改", "更正"])
def correct(msg, ctx):
    veteran = ctx.veteran
    if veteran is None:
        return texts.REG_NONE
    if veteran.state not in EDITABLE_STATES:
        return texts.REG_NOT_EDITABLE
    ctx.dialog.goto("register:confirm", history=[], editing=False)
    return advance(ctx, veteran)


@router.text(keywords=["撤回同意"])
def withdraw(msg, ctx):
    if ctx.veteran is None:
        return texts.REG_NONE
    withdraw_consent(ctx.veteran)
    return texts.REG_WITHDRAWN


@router.text(keywords=["删除我的信息"])
def ask_deletion(msg, ctx):
    if ctx.veteran is None:
        return texts.REG_NONE
    ctx.dialog.goto("delete:confirm")
    return texts.REG_DELETE_ASK


@router.step("delete:confirm")
def confirm_deletion(msg, ctx):
    ctx.dialog.end()
    if text_of(msg).strip() != "确认删除":
        return texts.REG_DELETE_KEPT
    request_deletion(ctx.veteran)
    return texts.REG_DELETE_DONE
