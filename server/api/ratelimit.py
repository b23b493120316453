"""Fixed-window rate limits in Redis, shared by every worker: `limit("login", address, 10, 60)`."""

import time
from functools import wraps

from flask import g, request

from server.api.errors import ApiError
from server.api.texts import RATE_LIMITED
from server.extensions import redis_client

LOGIN_LIMIT = (10, 60)  # per client address
WRITE_LIMIT = (30, 60)  # per mini-program session


def limit(name, subject, count, seconds):
    """Count one hit of `name` by `subject`; ApiError 429 once the window holds more than `count`."""
    window = int(time.time() // seconds)
    key = f"ratelimit:{name}:{subject}:{window}"
    pipe = redis_client().pipeline()
    pipe.incr(key)
    pipe.expire(key, seconds + 1)
    hits, _ = pipe.execute()
    if hits > count:
        retry_after = max(1, (window + 1) * seconds - int(time.time()))
        raise ApiError(
            429, RATE_LIMITED.format(seconds=retry_after), headers={"Retry-After": str(retry_after)}
        )


def limit_logins():
    limit("login", request.remote_addr or "unknown", *LOGIN_LIMIT)


def limit_writes(view):
    """For views behind `require_session`: at most WRITE_LIMIT writes per session."""

    @wraps(view)
    def limited(*args, **kwargs):
        limit("write", g.api_session.id, *WRITE_LIMIT)
        return view(*args, **kwargs)

    return limited
