"""One structured log line per request: method, path, status, duration, hashed openid."""

import hashlib
import hmac
import json
import logging
import time

from flask import current_app, g, request

log = logging.getLogger("server.requests")


def openid_hash(openid):
    """A stable pseudonym for logs: the same user links up, the openid itself never appears."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, openid.encode(), hashlib.sha256).hexdigest()[:16]


def install(app):
    @app.before_request
    def start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        openid = g.get("openid") or request.args.get("openid")
        line = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
            "openid": openid_hash(openid) if openid else None,
        }
        log.info(json.dumps(line))
        return response
