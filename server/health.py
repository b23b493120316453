"""GET /healthz: can this process reach its database and Redis?"""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from models import db
from server.extensions import redis_client

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    status = {
        "db": _probe(lambda: db.session.execute(text("SELECT 1"))),
        "redis": _probe(redis_client().ping),
    }
    db.session.rollback()
    healthy = all(value == "ok" for value in status.values())
    return jsonify(status), 200 if healthy else 503


def _probe(check):
    try:
        check()
        return "ok"
    except Exception as exc:
        log.warning("health check failed: %s", exc)
        return "down"
