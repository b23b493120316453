"""Fixed-window limits in Redis, shared by every worker: the API's logins and writes and wrong link
codes, the console's failed logins. One module, so every limit keys on the same client address and
fails the same way.

The client address is `request.remote_addr`, which is the real client only when the app knows how
many proxies stand in front of it (TRUSTED_PROXIES, applied with Werkzeug's ProxyFix in the app
factory); a X-Forwarded-For the client wrote itself is never read otherwise.

Redis down: a limit cannot be counted, so it lets the request through (fails open) and says so in a
warning. Refusing every login while Redis is away would lock everyone out; the account lock-out,
kept in the database, still stops guessing at one account.
"""

import logging
import time
from dataclasses import dataclass

from flask import request
from redis.exceptions import RedisError

from server.extensions import redis_client

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most `count` hits of `name` by one subject in each window of `seconds`."""

    name: str
    count: int
    seconds: int

    def hit(self, subject):
        """Count one hit; seconds to wait when the window now holds more than `count`, else None."""
        window = self._window()
        key = self._key(subject, window)
        try:
            pipe = redis_client().pipeline()
            pipe.incr(key)
            pipe.expire(key, self.seconds + 1)
            hits, _ = pipe.execute()
        except RedisError as error:
            log.warning("rate limit %s not counted, letting the request through: %s", self.name, error)
            return None
        return self._retry_after(window) if hits > self.count else None

    def reached(self, subject):
        """Seconds to wait when the window already holds `count` hits, else None; counts nothing."""
        window = self._window()
        try:
            hits = int(redis_client().get(self._key(subject, window)) or 0)
        except RedisError as error:
            log.warning("rate limit %s not read, letting the request through: %s", self.name, error)
            return None
        return self._retry_after(window) if hits >= self.count else None

    def _window(self):
        return int(time.time() // self.seconds)

    def _key(self, subject, window):
        return f"ratelimit:{self.name}:{subject}:{window}"

    def _retry_after(self, window):
        return max(1, (window + 1) * self.seconds - int(time.time()))


API_LOGINS = Limit("login", 10, 60)  # per client address
API_WRITES = Limit("write", 30, 60)  # per mini-program session
CONSOLE_LOGIN_FAILURES = Limit("console-login-failures", 30, 900)  # per client address
LINK_CODE_FAILURES = Limit("link-code-failures", 5, 600)  # per mini-program user


def client_address():
    """The address limits key on: the real client's, once ProxyFix has read the trusted hops."""
    return request.remote_addr or "unknown"
