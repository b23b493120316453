"""Keyword replies that work anywhere: help, menu, a human, and leaving a dialog."""

from handlers import texts
from handlers.router import CANCEL_WORDS, router


@router.text(keywords=["帮助", "菜单", "help", "?", "？"])
def help_reply(msg, ctx):
    return texts.HELP


@router.text(keywords=["人工", "客服", "人工服务"])
def human_reply(msg, ctx):
    return texts.HUMAN


@router.text(keywords=sorted(CANCEL_WORDS))
def cancel_dialog(msg, ctx):
    if not ctx.dialog.active:
        return texts.NOTHING_TO_CANCEL
    ctx.dialog.end()
    return texts.CANCELLED
