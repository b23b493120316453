"""The fake WeChat API at the sandbox's root: WeChat's paths, JSON and error codes."""

import functools
import json
import random
import time

from flask import Blueprint, current_app, g, jsonify, request

bp = Blueprint("sandbox_api", __name__)

# Paths authenticated by appid + secret or by nothing, not by an access_token.
NO_TOKEN = {"/cgi-bin/token", "/cgi-bin/stable_token", "/sns/jscode2session", "/cgi-bin/showqrcode"}
ERRMSG = {
    -1: "system error",
    0: "ok",
    40001: "invalid credential, access_token is invalid or not latest",
    40003: "invalid openid",
    40013: "invalid appid",
    40014: "invalid access_token",
    40029: "invalid code",
    40037: "invalid template_id",
    40125: "invalid appsecret",
    40165: "invalid weapp pagepath",
    40166: "invalid weapp appid",
    41001: "access_token missing",
    42001: "access_token expired",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
    45065: "clientmsgid exist",
    45028: "has no masssend quota",
    46003: "menu no exist",
    47001: "data format error",
    47003: "argument invalid",
    40007: "invalid media_id",
    40008: "invalid message type",
    44003: "empty news data",
    45011: "api minute-quota reach limit, mustslower retry next minute",
    45157: "invalid tag name",
    45158: "tag name too long",
    45159: "invalid tag id",
    40032: "invalid openid list size",
    45056: "too many tags",
    45057: "can't delete the tag that has more than 100000 fans",
    45058: "can't modify sys tag",
    45059: "fans' tag count exceeds the limit of 20",
    45067: "clientmsgid size out of limit",
    40130: "invalid openid list size, at least two openid",
    48001: "api unauthorized",
    40053: "invalid action_info",
    40097: "invalid args",
}


def state():
    return current_app.extensions["sandbox"]


def wx_error(errcode, errmsg=None, **data):
    g.errcode = errcode
    return jsonify({"errcode": errcode, "errmsg": errmsg or ERRMSG.get(errcode, "error"), **data})


def ok(**data):
    g.errcode = 0
    return jsonify({"errcode": 0, "errmsg": "ok", **data})


def body():
    """The request's JSON object, or None when it is not one (WeChat answers 47001).

    Parsed once per request, so what a view changes (a cut template value) is what the outbox keeps.
    """
    if "body" not in g:
        try:
            data = json.loads(request.get_data() or b"{}")
        except ValueError:
            data = None
        g.body = data if isinstance(data, dict) else None
    return g.body


def note(**facts):
    """Add facts to this call's outbox entry (openid, kind, truncated fields...)."""
    g.facts = {**g.get("facts", {}), **facts}


def only_for(kind):
    """A view only the official account ("account") or only the mini-program ("miniapp") may call:
    the other's access_token gets WeChat's 48001."""

    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if (g.appid == state().miniapp_appid) != (kind == "miniapp"):
                return wx_error(48001)
            return view(*args, **kwargs)

        return checked

    return wrap


@bp.before_request
def faults_then_token():
    world = state()
    faults = world.faults
    if faults.latency_ms:
        time.sleep(faults.latency_ms / 1000)
    if request.path in faults.timeout_paths:
        time.sleep(faults.timeout_seconds)
    if request.path in faults.errcodes:
        return wx_error(int(faults.errcodes[request.path]))
    if faults.error_rate and random.random() < faults.error_rate:
        return wx_error(-1)
    if request.path in NO_TOKEN:
        g.appid = request.args.get("appid") or (body() or {}).get("appid")
        return None
    value = request.args.get("access_token")
    errcode = world.token_error(value)
    if errcode:
        return wx_error(errcode)
    g.appid = world.tokens[value].appid
    return None


@bp.after_request
def record(response):
    if request.path.startswith("/sandbox"):
        return response
    payload = body() if request.is_json or request.method == "POST" and not request.files else None
    if request.files:
        payload = {name: f.filename for name, f in request.files.items()}
    payload = payload if payload is not None else dict(request.args)
    facts = {"openid": payload.get("touser"), **g.get("facts", {})}
    state().record(request.path, g.get("appid"), payload, g.get("errcode", 0), **facts)
    return response


from server.sandbox.api import mass, media, menu, messages, qrcodes, sns, token, users  # noqa: E402, F401
