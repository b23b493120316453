"""Delivering notifications: customer-service message first, template message outside the window."""

import json
import logging
from datetime import timedelta

from sqlalchemy import select, update

from models import Notification, db
from models.types import utcnow
from server.extensions import gateway, settings
from server.gateway.errors import TRANSIENT, GatewayError, OutOfWindow, Unconfirmed
from server.jobs import job
from server.operations.messaging.notifications import record_attempt
from server.operations.pushes.sending import recount_push

log = logging.getLogger(__name__)
RESEND_AFTER = timedelta(minutes=5)
REFUSALS = {  # why WeChat refused for good, kept on the notification
    43004: "not following the official account",
    43101: "no subscribe-message tap left for this template",
}


@job("wechat")
def deliver_notification(notification_id):
    """Send one notification; a transient failure raises so the job is retried, the rest is final.
    A call WeChat took but did not answer in time may have been delivered: it is `unconfirmed`, never
    sent again on its own (staff may resend it from the request's page). It is claimed (`sending`,
    committed) before the call, so a second job for it, or one run after a worker died during the
    call, sends nothing; the sweep below calls such a one unconfirmed."""
    notification = db.session.get(Notification, notification_id, with_for_update=True)
    if notification is None or notification.state != "pending":
        return
    notification.state, notification.last_attempt_at = "sending", utcnow()
    db.session.commit()
    try:
        _send(notification)
    except Unconfirmed as error:
        record_attempt(notification, state="unconfirmed", errcode=None, error=type(error).__name__)
        log.warning("notification %s unconfirmed: %s", notification.id, error)
    except TRANSIENT as error:
        record_attempt(notification, state="pending", errcode=error.errcode, error=type(error).__name__)
        db.session.commit()
        raise
    except GatewayError as error:
        reason = REFUSALS.get(error.errcode)
        detail = {"reason": reason} if reason else {}
        record_attempt(
            notification, state="failed", errcode=error.errcode, error=type(error).__name__, **detail
        )
    db.session.commit()
    if notification.subject_type == "push":  # a policy push's subscribe message: its counts follow
        recount_push(notification.subject_id)
        db.session.commit()


def _send(notification):
    if notification.openid is None:
        _send_subscribe(notification)
        return
    try:
        gateway().send_text(notification.openid, notification.text)
        record_attempt(notification, state="sent", channel="custom")
        return
    except OutOfWindow as error:
        if not notification.template_key:
            raise
        window_errcode = error.errcode
    values = json.loads(notification.template_data)
    template_id = settings().wechat_templates[notification.template_key]
    gateway().send_template(notification.openid, template_id, values, page=notification.template_page)
    record_attempt(
        notification, state="fallback_sent", channel="template", errcode=None, custom_errcode=window_errcode
    )


def _send_subscribe(notification):
    """A mini-program subscribe message, for a person who tapped 允许 when booking: WeChat refuses it
    (43101) when no tap of theirs is left for the template, and that is final."""
    values = json.loads(notification.template_data)
    template_id = settings().wechat_templates[notification.template_key]
    gateway().send_subscribe(
        notification.miniapp_openid, template_id, values, page=notification.template_page
    )
    record_attempt(notification, state="sent", channel="subscribe")


@job("low", retries=0)
def resend_pending_notifications():
    """Queue again what WeChat could not take during an outage longer than the job's own retries, or
    what was never queued (the worker died between the commit and the queueing). One still `sending`
    long after its call began lost its worker during the call: WeChat may have it, so it is
    `unconfirmed`, not sent again."""
    cutoff = utcnow() - RESEND_AFTER
    stale = (
        db.session.execute(
            select(Notification.id).where(
                Notification.state == "pending",
                Notification.openid.is_not(None) | Notification.miniapp_openid.is_not(None),
                (Notification.last_attempt_at < cutoff) | Notification.last_attempt_at.is_(None),
                Notification.created_at < cutoff,
            )
        )
        .scalars()
        .all()
    )
    lost = db.session.execute(
        update(Notification)
        .where(Notification.state == "sending", Notification.last_attempt_at < cutoff)
        .values(state="unconfirmed")
    ).rowcount
    db.session.commit()
    for notification_id in stale:
        deliver_notification.enqueue(notification_id)
    log.info("re-queued %s pending notifications; %s lost during the call", len(stale), lost)
