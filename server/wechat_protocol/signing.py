"""Signatures and timestamps of WeChat's callback, checked before anything is parsed."""

import hashlib
import hmac
import re
import time

NONCE = re.compile(r"^[A-Za-z0-9]{1,64}$")


class Forbidden(Exception):
    """The request is not from WeChat: bad signature, stale timestamp or malformed parameters."""


def signature(token, *parts):
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()


def check_params(timestamp, nonce, window, now=None):
    if not (timestamp and timestamp.isdigit() and len(timestamp) <= 12):
        raise Forbidden("timestamp missing or not a number")
    if not (nonce and NONCE.match(nonce)):
        raise Forbidden("nonce missing or malformed")
    if abs((now or time.time()) - int(timestamp)) > window:
        raise Forbidden("timestamp outside the allowed window")


def check_signature(given, token, *parts):
    if not given or not hmac.compare_digest(given.encode(), signature(token, *parts).encode()):
        raise Forbidden("signature does not match")
