"""One delivery from WeChat: record → dispatch → record the reply → commit. One unit of work.

Exactly-once: the delivery's row, with its unique dedup key, is inserted before the handler runs
and committed with the handler's work; a retry collides with it (waiting while the first attempt
runs), rolls back, and answers with the first reply.
"""

import logging

from flask import g, request

from handlers import dispatch, texts
from handlers.context import Context
from handlers.router import is_event
from models import db
from server.extensions import gateway, keyring, redis_client, settings
from server.operations.messaging.followers import note_message
from server.operations.messaging.inbound import AlreadyDelivered, first_reply, record_inbound, record_reply
from server.outbox import after_commit
from server.request_log import openid_hash
from server.wechat_protocol.messages import SUCCESS, render_reply

log = logging.getLogger(__name__)
DEFERRED_JOB = "server.jobs.wechat.run_deferred_message"


def deliver(msg, xml_text):
    """The passive reply body for `msg`; a retry of a delivered message gets the first reply."""
    g.openid = msg.source
    try:
        inbound_id = record_inbound(msg, xml_text)
    except AlreadyDelivered:
        db.session.rollback()
        return first_reply(msg) or SUCCESS
    except Exception:  # the database is down: tell the user rather than fail WeChat's call
        log.exception("delivery failed before a handler ran")
        db.session.rollback()
        return render_reply(texts.SORRY, msg)
    try:
        if not is_event(msg):
            note_message(msg.source)  # their first message: the unionid is fetched if it never was
        config = settings()
        public_url = config.public_base_url or request.host_url
        ctx = Context.load(
            msg.source, redis_client(), keyring(), gateway(), config.dialog_ttl, public_url=public_url
        )
        outcome = dispatch(msg, ctx)
        reply = render_reply(outcome.reply, msg)
        record_reply(inbound_id, reply, "deferred" if outcome.deferred else "replied", outcome.route.name)
        if outcome.deferred:
            after_commit(db.session, DEFERRED_JOB, inbound_id, job_id=f"deferred-message-{inbound_id}")
        db.session.commit()
    except Exception:
        log.exception("handler failed for a %s from %s", msg.type, openid_hash(msg.source))
        db.session.rollback()
        return _record_failure(msg, xml_text)
    if not outcome.deferred:
        _save_dialog(ctx, inbound_id)
    return reply


def _save_dialog(ctx, inbound_id):
    # After the commit, so a rolled-back delivery leaves no trace in Redis. A deferred message's
    # dialog is its job's: the job, queued at the commit, loads it and saves what its handler did.
    try:
        ctx.dialog.save()
    except Exception:
        log.exception("dialog not saved for inbound %s", inbound_id)


def _record_failure(msg, xml_text):
    reply = render_reply(texts.SORRY, msg)
    try:
        record_inbound(msg, xml_text, status="failed", reply=reply)
        db.session.commit()
    except Exception:
        log.exception("could not record the failed delivery")
        db.session.rollback()
    return reply
