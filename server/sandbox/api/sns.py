"""Mini-program login: codes the simulator issues, single use, five minutes' life."""

import secrets

from flask import request

from server.sandbox.api import bp, ok, state, wx_error
from server.sandbox.state import MINIAPP_SUFFIX

CODE_LIFE = 300


def issue_code(openid):
    """A `wx.login()` code for `openid` (the simulator's mini-program login button)."""
    code = secrets.token_urlsafe(24)
    with state().lock:
        state().extra.setdefault("codes", {})[code] = (openid, state().now() + CODE_LIFE)
    return code


@bp.get("/sns/jscode2session")
def code_to_session():
    world = state()
    appid, secret = request.args.get("appid"), request.args.get("secret")
    if appid not in world.apps or world.apps[appid] != secret:
        return wx_error(40125 if appid in world.apps else 40013)
    with world.lock:
        openid, expires_at = world.extra.setdefault("codes", {}).pop(
            request.args.get("js_code", ""), (None, 0)
        )
    if openid is None or expires_at < world.now():
        return wx_error(40029)
    user = world.user(openid)
    unionid = {"unionid": user.unionid} if user.unionid else {}  # WeChat leaves it out when unbound
    return ok(openid=f"{openid}{MINIAPP_SUFFIX}", session_key=secrets.token_urlsafe(16), **unionid)
