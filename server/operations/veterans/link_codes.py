"""Linking the mini-program to a record made in the official account's chat, by hand, where WeChat
gives no unionid (the two are not bound to one open-platform account).

The person replies 绑定 in the chat and gets 6 digits, valid LINK_LIFE and used once; entered in the
mini-program, they link the mini-program user to the record of the follower who asked for them.
Wrong codes are limited per mini-program user (LINK_FAILURES in server/ratelimit.py).
"""

import secrets
from datetime import timedelta

from sqlalchemy import select

from models import Follower, db
from models.types import utcnow
from server.operations.core.errors import Conflict, DomainError, NotFound
from server.operations.veterans import texts
from server.operations.veterans.registrations import registration_for

LINK_LIFE = timedelta(minutes=10)


class LinkRefused(DomainError):
    """The code links nothing; `details["reason"]` says why: unknown (or used) or expired."""


def issue_link_code(follower):
    """A fresh code for `follower` (any earlier one stops working)."""
    code = _unused_code()
    follower.link_code, follower.link_code_expires_at = code, utcnow() + LINK_LIFE
    db.session.flush()
    return code


def link_miniapp(code, miniapp_openid):
    """Link the mini-program user `miniapp_openid` to the record of the follower who got `code`."""
    follower = db.session.execute(
        select(Follower).where(Follower.link_code == code).with_for_update()
    ).scalar_one_or_none()
    if follower is None:
        raise LinkRefused(texts.LINK_CODE_UNKNOWN, reason="unknown")
    if follower.link_code_expires_at < utcnow():
        raise LinkRefused(texts.LINK_CODE_EXPIRED, reason="expired")
    veteran = registration_for(openid=follower.openid)
    if veteran is None:
        raise NotFound(texts.LINK_NO_REGISTRATION)
    own = registration_for(miniapp_openid=miniapp_openid)
    if own is not None and own.id != veteran.id:
        raise Conflict(texts.LINK_OTHER_REGISTRATION)
    veteran.miniapp_openid = miniapp_openid
    follower.link_code, follower.link_code_expires_at = None, None
    db.session.flush()
    return veteran


def _unused_code():
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if db.session.execute(select(Follower.id).where(Follower.link_code == code)).first() is None:
            return code
