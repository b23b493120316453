"""A callback's query string is good for one body: seen again, it must bring the same bytes (a WeChat
retry, which the dedup then answers); with another body it is a forgery built from a seen signature.
The query string is known by its timestamp and nonce, which also fix its `signature` (a hash of them
and the token), so leaving the signature out does not make it new.

Kept in Redis, shared by every worker, until the timestamp leaves the window (then the signature is
refused anyway). Redis down: the check is skipped with a warning, as the rate limits do.
"""

import hashlib
import logging
import time

from redis.exceptions import RedisError

from server.wechat_protocol.signing import Forbidden

log = logging.getLogger(__name__)


def check_replay(redis, args, body, window, now=None):
    """Record this delivery's query string with its body; Forbidden if it came before with another."""
    key = f"wechat:seen:{args['timestamp']}:{args['nonce']}"  # both checked: digits, 64 letters at most
    digest = hashlib.sha256(body).hexdigest().encode()
    expires = max(1, int(args["timestamp"]) + window - int(now or time.time()) + 1)
    try:
        if redis.set(key, digest, nx=True, ex=expires) or redis.get(key) == digest:
            return
    except RedisError as error:
        log.warning("replay check skipped, Redis unavailable: %s", error)
        return
    raise Forbidden("this query string came before with another body")
