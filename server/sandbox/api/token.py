from flask import request

from server.sandbox.api import body, bp, ok, state, wx_error


def _credentials_error(appid, secret):
    world = state()
    if appid not in world.apps:
        return 40013
    if secret != world.apps[appid]:
        return 40125
    return None


@bp.get("/cgi-bin/token")
def token():
    appid, secret = request.args.get("appid"), request.args.get("secret")
    if request.args.get("grant_type") != "client_credential":
        return wx_error(40002, "invalid grant_type")
    errcode = _credentials_error(appid, secret)
    if errcode:
        return wx_error(40001 if errcode == 40125 else errcode)
    if not state().spend("/cgi-bin/token", appid):
        return wx_error(45009)
    issued = state().issue_token(appid, "token")
    return ok(access_token=issued.value, expires_in=7200)


@bp.post("/cgi-bin/stable_token")
def stable_token():
    data = body()
    if data is None:
        return wx_error(47001)
    errcode = _credentials_error(data.get("appid"), data.get("secret"))
    if errcode:
        return wx_error(errcode)
    force = bool(data.get("force_refresh"))
    if not state().spend("/cgi-bin/stable_token", data["appid"]) or (
        force and not state().spend("stable_token:force", data["appid"])
    ):
        return wx_error(45009)
    issued = state().stable_token(data["appid"], force)
    return ok(access_token=issued.value, expires_in=int(issued.expires_at - state().now()))
