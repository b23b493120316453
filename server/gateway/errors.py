"""WeChat's error codes mapped to the few exceptions callers act on."""

from urllib.parse import urlsplit

import requests


class GatewayError(Exception):
    """A WeChat call failed. `errcode` is WeChat's code, or None when WeChat was not reached."""

    def __init__(self, errcode, errmsg=""):
        self.errcode = errcode
        self.errmsg = errmsg
        super().__init__(f"WeChat error {errcode}: {errmsg}")


class TokenError(GatewayError):
    """The access_token or the app credentials were refused (40001, 40014, 42001, 40125...)."""


class RateLimited(GatewayError):
    """API call quota reached (45009) or a per-user limit (45047 mass, 45011 frequency)."""


class OutOfWindow(GatewayError):
    """Customer-service message outside the 48-hour window or over its count (45015, 45047)."""


class UserRefused(GatewayError):
    """The user has not subscribed to this message or has unfollowed (43101, 43004)."""


class Busy(GatewayError):
    """WeChat said 'system busy' (-1); worth retrying after a pause."""


class Unreachable(GatewayError):
    """No answer from WeChat: connection refused or timed out, an HTTP error status."""


class Unconfirmed(Unreachable):
    """The call went out but its answer did not come in time (a read timeout): WeChat may have
    carried it out, so a message must not be sent again on its own."""


TRANSIENT = (Unreachable, Busy, RateLimited, TokenError)  # worth trying again later
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
_BY_CODE = {
    40001: TokenError,
    40014: TokenError,
    42001: TokenError,
    40125: TokenError,
    40013: TokenError,
    40164: TokenError,
    45009: RateLimited,
    45011: RateLimited,
    45015: OutOfWindow,
    45047: OutOfWindow,
    43101: UserRefused,
    43004: UserRefused,
    -1: Busy,
}


def error_for(errcode, errmsg=""):
    """The exception instance for a WeChat errcode."""
    return _BY_CODE.get(errcode, GatewayError)(errcode, errmsg)


def no_answer(method, url, failure):
    """The exception for a call WeChat did not answer (`failure`: a requests exception, or what
    went wrong in words), described by method and path only: the query carries the access_token,
    the appsecret or the user's login code. Raise it `from None`: the requests exception names the URL."""
    kind = Unconfirmed if isinstance(failure, requests.ReadTimeout) else Unreachable
    reason = type(failure).__name__ if isinstance(failure, Exception) else failure
    return kind(None, f"{method.upper()} {urlsplit(url).path}: {reason}")
