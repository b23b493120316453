"""绑定: a code that links the mini-program to the record made in this chat, for people WeChat gives
no unionid (the account and the mini-program not bound to one open-platform account)."""

from handlers import texts
from handlers.router import router
from server.operations.veterans.link_codes import issue_link_code


@router.text(keywords=["绑定", "绑定小程序"])
def link_code(msg, ctx):
    veteran = ctx.veteran
    if veteran is None:
        return texts.LINK_NO_RECORD
    if veteran.miniapp_openid:
        return texts.LINK_ALREADY
    return texts.LINK_CODE.format(code=issue_link_code(ctx.follower))  # made by the pipeline, if missed
