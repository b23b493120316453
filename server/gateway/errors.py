"""WeChat's error codes mapped to the few exceptions callers act on."""

from urllib.parse import urlsplit

import requests


class GatewayError(Exception):
    """A WeChat call failed. `errcode` is WeChat's code, or None when WeChat was not reached."""

    def __init__(self, errcode, errmsg="", answer=None):
        self.errcode = errcode
        self.errmsg = errmsg
        self.answer = answer or {}  # WeChat's whole JSON answer (45065 carries the earlier msg_id)
        super().__init__(f"WeChat error {errcode}: {errmsg}")


class TokenError(GatewayError):
    """The access_token or the app credentials were refused (40001, 40014, 42001, 40125...)."""


class RateLimited(GatewayError):
    """API call quota reached (45009) or calls too frequent (45011: mass sends over 60 a minute)."""


class LimitReached(GatewayError):
    """A lasting WeChat limit: the account's 100 tags (45056), a follower's 20 tags (45059), the
    account's mass-send quota (45028). Trying again will not help; plan within the limit."""


class Refused(GatewayError):
    """WeChat refused what was asked as malformed or unknown: a list over its size (40032, 40130), an
    unknown tag (45159) or media (40007), a tag name taken or too long (45157, 45158), a subscribe
    message value over its length (47003), a clientmsgid over 64 bytes (45067). A caller's mistake."""


class AlreadySent(GatewayError):
    """45065: a mass send with this clientmsgid went out within 24 hours; `msg_id` is that send's."""

    @property
    def msg_id(self):
        return self.answer.get("msg_id")


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
    45056: LimitReached,
    45059: LimitReached,
    45028: LimitReached,
    40032: Refused,
    40130: Refused,
    45159: Refused,
    40007: Refused,
    45157: Refused,
    45158: Refused,
    47003: Refused,
    45067: Refused,
    45065: AlreadySent,
    45015: OutOfWindow,
    45047: OutOfWindow,
    43101: UserRefused,
    43004: UserRefused,
    -1: Busy,
}


def error_for(errcode, errmsg="", answer=None):
    """The exception instance for a WeChat errcode (and its whole JSON `answer`, when there is one)."""
    return _BY_CODE.get(errcode, GatewayError)(errcode, errmsg, answer)


def no_answer(method, url, failure):
    """The exception for a call WeChat did not answer (`failure`: a requests exception, or what
    went wrong in words), described by method and path only: the query carries the access_token,
    the appsecret or the user's login code. Raise it `from None`: the requests exception names the URL."""
    kind = Unconfirmed if isinstance(failure, requests.ReadTimeout) else Unreachable
    reason = type(failure).__name__ if isinstance(failure, Exception) else failure
    return kind(None, f"{method.upper()} {urlsplit(url).path}: {reason}")
