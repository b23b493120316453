"""Login with a wx.login() code, logout, `require_session` for the views that need a caller, and
the API's rate limits (server/ratelimit.py) answered as 429s."""

from functools import wraps

from flask import g, jsonify, request

from models import db
from server.api import bp
from server.api.auth_shapes import LoginRequest, Token
from server.api.errors import ApiError
from server.api.sessions import SESSION_LIFE, open_session, revoke_session, session_for_token, token_for
from server.api.texts import CODE_INVALID, CODE_REQUIRED, RATE_LIMITED, TOKEN_INVALID, TOKEN_MISSING
from server.api.validation import json_object, parsed_or_refused
from server.extensions import gateway
from server.gateway import GatewayError
from server.gateway.errors import RateLimited
from server.ratelimit import API_LOGINS, API_WRITES, client_address

INVALID_CODE_ERRCODES = {40029, 40163}  # invalid code; code already used


def require_session(view):
    """The view runs only for a live session, kept in `g.api_session`; otherwise 401."""

    @wraps(view)
    def with_session(*args, **kwargs):
        g.api_session = _caller()
        g.openid = g.api_session.openid  # the request log writes a pseudonym of it
        return view(*args, **kwargs)

    return with_session


def limit_writes(view):
    """For views behind `require_session`: at most API_WRITES writes per session."""

    @wraps(view)
    def limited(*args, **kwargs):
        refuse_over(API_WRITES.hit(g.api_session.id))
        return view(*args, **kwargs)

    return limited


def limit_logins():
    refuse_over(API_LOGINS.hit(client_address()))


def refuse_over(retry_after, message=RATE_LIMITED):
    """A 429 when a limit said to wait `retry_after` seconds; `message` may name {seconds} or {minutes}."""
    if retry_after is not None:
        text = message.format(seconds=retry_after, minutes=-(-retry_after // 60))
        raise ApiError(429, text, headers={"Retry-After": str(retry_after)})


def _caller():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, TOKEN_MISSING)
    session = session_for_token(token.strip())
    if session is None:
        raise ApiError(401, TOKEN_INVALID, code="invalid_token")
    return session


@bp.post("/auth/login")
def login():
    """Exchange a wx.login() code for our own token; WeChat's session_key never leaves the server."""
    limit_logins()
    code = parsed_or_refused(LoginRequest, json_object(), 400, CODE_REQUIRED).code
    answer = _code_to_session(code)
    session = open_session(answer["openid"], answer.get("unionid"), answer["session_key"])
    db.session.commit()
    token = Token(token=token_for(session), expires_in=int(SESSION_LIFE.total_seconds()))
    return jsonify(token.model_dump())


def _code_to_session(code):
    try:
        return gateway().code_to_session(code)
    except RateLimited:
        raise ApiError(429) from None
    except GatewayError as exc:
        if exc.errcode in INVALID_CODE_ERRCODES:
            raise ApiError(401, CODE_INVALID, code="invalid_code") from None
        raise


@bp.post("/auth/logout")
@require_session
def logout():
    revoke_session(g.api_session)
    db.session.commit()
    return "", 204
