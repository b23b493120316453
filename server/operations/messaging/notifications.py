"""Messages to a person on WeChat: saved here first, delivered by a job (customer-service message,
else the template fallback), retried while WeChat is unreachable. One WeChat took without answering
in time is `unconfirmed` and goes again only when staff resend it."""

import json

from models import Notification, db
from models.types import utcnow
from server.operations.core.errors import InvalidState
from server.operations.messaging import texts
from server.outbox import after_commit

DELIVERY_JOB = "server.jobs.notifications.deliver_notification"
TEMPLATE_VALUE_LIMIT = 20  # WeChat cuts longer keyword values; we cut first and say so with "…"


def notify(
    openid, kind, text, template_key=None, template_values=None, page=None, subject=None, miniapp_openid=None
):
    """Record a message for `openid` and have it delivered once this transaction commits; the
    template fallback opens the mini-program's `page` (a path with its query) when one is given.
    Without an `openid`, a `miniapp_openid` gets `template_key` as a mini-program subscribe message:
    the caller passes it only when the person tapped to accept that message."""
    notification = Notification(
        openid=openid,
        miniapp_openid=None if openid else miniapp_openid,
        kind=kind,
        text=text,
        template_key=template_key,
        template_page=page,
        template_data=json.dumps(fit_template(template_values or {}), ensure_ascii=False)
        if template_key
        else None,
        subject_type=subject.__tablename__ if subject is not None else None,
        subject_id=subject.id if subject is not None else None,
    )
    db.session.add(notification)
    db.session.flush()
    if notification.openid or notification.miniapp_openid:
        _deliver_after_commit(notification, f"notification-{notification.id}")
    else:
        notification.state = "failed"
        notification.detail = {"reason": "no WeChat follower linked"}
    return notification


def resend_unconfirmed(notification):
    """Send again, on staff's word, a message WeChat took but never confirmed (it may have arrived).
    Only an unconfirmed one: a second click finds it pending or sent and sends nothing."""
    if notification.state != "unconfirmed":
        raise InvalidState(texts.ALREADY_RESENT)
    notification.state = "pending"
    _deliver_after_commit(notification, f"notification-{notification.id}-resend-{notification.attempts}")
    return notification


def _deliver_after_commit(notification, job_id):
    after_commit(db.session, DELIVERY_JOB, notification.id, job_id=job_id)


def fit_template(values):
    return {
        k: (v if len(v) <= TEMPLATE_VALUE_LIMIT else v[: TEMPLATE_VALUE_LIMIT - 1] + "…")
        for k, v in ((k, str(v)) for k, v in values.items())
    }


def record_attempt(notification, state=None, channel=None, errcode=None, **detail):
    notification.attempts += 1
    notification.last_attempt_at = utcnow()
    if state:
        notification.state = state
    if channel:
        notification.channel = channel
    notification.errcode = errcode
    notification.detail = {**notification.detail, **detail}
    if state in ("sent", "fallback_sent"):
        notification.sent_at = utcnow()
