"""Mini-program sessions: WeChat's session_key stays in the row; our signed token names the row."""

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from models import MiniappSession, db
from models.types import utcnow

SESSION_LIFE = timedelta(hours=2)
SALT = "api.v1.miniapp-session"


def open_session(openid, unionid, session_key):
    session = MiniappSession(
        id=secrets.token_urlsafe(32),
        openid=openid,
        unionid=unionid or None,
        session_key=session_key,
        expires_at=utcnow() + SESSION_LIFE,
    )
    db.session.add(session)
    db.session.flush()
    return session


def token_for(session):
    return _serializer().dumps(session.id)


def session_for_token(token):
    """The live session a token names, or None (bad signature, too old, expired, revoked)."""
    try:
        session_id = _serializer().loads(token, max_age=int(SESSION_LIFE.total_seconds()))
    except BadData:
        return None
    if not isinstance(session_id, str):
        return None
    session = db.session.get(MiniappSession, session_id)
    if session is None or session.revoked_at is not None or session.expires_at <= utcnow():
        return None
    return session


def revoke_session(session):
    session.revoked_at = utcnow()
    db.session.flush()


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)
