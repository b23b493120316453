"""Binding a staff member's WeChat, so 督办 and other notices reach them on the official account.

The console makes a one-time token with a short life and shows it as a temporary QR code (scene
`staff:<token>`); scanning it with WeChat sends the scene and the scanner's openid, which binds them.
The token is the only secret: it is random, used once, and worthless after BIND_LIFE.
"""

import secrets
from datetime import timedelta

from sqlalchemy import select

from models import Staff, db
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.errors import Conflict, DomainError
from server.operations.network import texts

BIND_LIFE = timedelta(minutes=10)
SCENE_PREFIX = "staff"


class BindingRefused(DomainError):
    """The scanned code cannot bind; `details["reason"]` says why: unknown (or used), expired, or
    taken (this WeChat is bound to another account)."""


def start_staff_binding(staff, actor):
    """A fresh token for `staff` (any earlier one stops working); returns the QR scene to show."""
    staff.bind_token = secrets.token_urlsafe(16)
    staff.bind_expires_at = utcnow() + BIND_LIFE
    db.session.flush()
    audit.record(actor, "staff.wechat.bind_start", staff)
    return f"{SCENE_PREFIX}:{staff.bind_token}"


def bind_staff_wechat(token, openid):
    """Bind the WeChat `openid` that scanned `token` to the staff member the token was made for."""
    staff = _staff_of_token(token)
    if staff is None:
        raise BindingRefused(texts.BINDING_UNKNOWN, reason="unknown")
    if staff.bind_expires_at is None or staff.bind_expires_at < utcnow():
        raise BindingRefused(texts.BINDING_EXPIRED, reason="expired")
    other = db.session.execute(select(Staff).where(Staff.openid == openid)).scalar_one_or_none()
    if other is not None and other.id != staff.id:
        raise BindingRefused(texts.BINDING_TAKEN, reason="taken")
    staff.openid, staff.bind_token, staff.bind_expires_at = openid, None, None
    db.session.flush()
    audit.record(audit.Actor.of(staff), "staff.wechat.bind", staff)
    return staff


def unbind_staff_wechat(staff, actor):
    if staff.openid is None:
        raise Conflict(texts.NOT_BOUND)
    staff.openid, staff.bind_token, staff.bind_expires_at = None, None, None
    db.session.flush()
    audit.record(actor, "staff.wechat.unbind", staff)


def forget_staff_wechat(openid):
    """The WeChat user unfollowed: no staff account stays linked to that openid."""
    staff = db.session.execute(select(Staff).where(Staff.openid == openid)).scalar_one_or_none()
    if staff is not None:
        staff.openid = None
        db.session.flush()
        audit.record(audit.Actor.system(texts.UNFOLLOWED), "staff.wechat.unbind", staff)


def _staff_of_token(token):
    if not token or len(token) > 32:
        return None
    statement = select(Staff).where(Staff.bind_token == token, Staff.active.is_(True))
    return db.session.execute(statement).scalar_one_or_none()
