"""Jobs of the WeChat callback: slow handlers finished after the passive reply went out."""

import logging

from handlers.context import Context
from handlers.router import router
from models import InboundMessage, db
from server.extensions import gateway, keyring, redis_client, settings
from server.gateway.errors import Unconfirmed
from server.jobs import job
from server.operations.messaging.inbound import purge_inbound
from server.wechat_protocol.messages import parse

log = logging.getLogger(__name__)


@job("wechat")
def run_deferred_message(inbound_id):
    """Run a slow handler once and send its answer as a customer-service message.

    `deferred` → the handler runs, its answer is stored, `sending` is committed → the message goes
    out → `replied` (or `unconfirmed`). A retry after a crash re-sends the stored answer but never
    re-runs the handler.
    """
    inbound = db.session.get(InboundMessage, inbound_id, with_for_update=True)
    if inbound is None or inbound.status not in ("deferred", "sending"):
        return
    msg = parse(inbound.body)
    if inbound.status == "deferred":
        ctx = Context.load(
            msg.source, redis_client(), keyring(), gateway(), settings().dialog_ttl, deferred=True
        )
        inbound.followup = router.by_name(inbound.handler).handler(msg, ctx)
        inbound.status = "sending"
        db.session.commit()
        ctx.dialog.save()
    inbound.status = _sent(msg.source, inbound.followup) if inbound.followup else "replied"
    db.session.commit()


def _sent(openid, text):
    """`replied`, or `unconfirmed` when WeChat took the message without answering in time: it may
    have arrived, so it is not sent again. Any other GatewayError fails the job; RQ retries it."""
    try:
        gateway().send_text(openid, text)
    except Unconfirmed as error:
        log.warning("deferred answer unconfirmed: %s", error)
        return "unconfirmed"
    return "replied"


@job("low", retries=0)
def purge_old_messages():
    """Delete inbound messages past the retention period (INBOUND_RETENTION_DAYS)."""
    deleted = purge_inbound(settings().inbound_retention_days)
    db.session.commit()
    log.info("purged %s inbound messages", deleted)
