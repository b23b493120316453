"""Error responses: a clear 4xx with a message, never a stack trace, JSON unless the caller is WeChat."""

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from redis.exceptions import RedisError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, StatementError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from models import db
from server.database_errors import DATABASE_UNAVAILABLE, roll_back_quietly
from server.operations.core.errors import DomainError

log = logging.getLogger(__name__)
BAD_VALUE = "请求参数不正确：数值超出范围，或含有不允许的字符"
MESSAGES = {
    400: "请求格式不正确",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持的请求方法",
    413: "请求内容过大",
    429: "操作过于频繁，请稍后再试",
    500: "服务器内部错误，请稍后再试",
    503: "该功能暂时无法使用，请稍后再试",
}


class BoundedInteger(IntegerConverter):
    """`<int:...>` within a database integer: a longer number is a 404 like any unknown id."""

    def __init__(self, map, *args, max=2**63 - 1, **kwargs):
        super().__init__(map, *args, max=max, **kwargs)


def install_converters(app):
    app.url_map.converters["int"] = BoundedInteger


def install(app):
    @app.errorhandler(OverflowError)
    @app.errorhandler(StatementError)
    def unusable_value(exc):
        # A value the database cannot take, from a query string or a form: a number too large for it
        # (page=99999999999999999999), a NUL in text. Anything else the database says is a 500.
        if isinstance(exc, StatementError) and not (
            isinstance(exc, DataError) or isinstance(exc.orig, OverflowError | ValueError)
        ):
            return unexpected(exc)
        db.session.rollback()
        return _respond(400, BAD_VALUE)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _respond(400, "页面已过期或来源不明，请刷新页面后重试")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        default = exc.description == type(exc).description  # werkzeug's English text
        message = MESSAGES.get(exc.code, exc.description) if default or exc.code >= 500 else exc.description
        return _respond(exc.code, message)

    @app.errorhandler(RedisError)
    def redis_unavailable(exc):
        # Only what cannot work without Redis gets here (a ledger's upload kept for its preview,
        # queuing QR codes); nothing was committed, so the user may simply try again later.
        log.warning("Redis unavailable on %s %s: %s", request.method, request.path, exc)
        db.session.rollback()
        return _respond(503, MESSAGES[503])

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc):
        log.warning(
            "database unavailable on %s %s: %s", request.method, request.path, type(exc.orig).__name__
        )
        roll_back_quietly()
        return _respond(503, DATABASE_UNAVAILABLE)

    @app.errorhandler(DomainError)
    def domain_error(exc):
        return _respond(exc.status, exc.message, **exc.details)

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, MESSAGES[500])


def _respond(status, message, **details):
    if request.path.startswith("/wechat"):
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    if request.path == "/api" or request.path.startswith("/api/"):
        from server.api.errors import fallback_response

        return fallback_response(status, details.get("fields"))
    if request.path.startswith(("/console", "/policies")):
        title = {403: "没有权限", 404: "找不到页面"}.get(status, MESSAGES.get(status, "出错了"))
        page = "console/error.html" if request.path.startswith("/console") else "policies/error.html"
        return render_template(page, status=status, title=title, message=message), status
    body = {"error": {"code": status, "message": MESSAGES.get(status, message) if status >= 500 else message}}
    body["error"].update(details)
    return jsonify(body), status
