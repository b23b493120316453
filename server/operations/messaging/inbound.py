"""The log of what WeChat delivered: the durable half of exactly-once delivery."""

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from models import InboundMessage, db
from models.types import utcnow

INBOUND = InboundMessage.__table__
# The two statements every WeChat message runs, built once: Core statements skip the ORM's unit of work.
INSERT_DELIVERY = insert(INBOUND).returning(INBOUND.c.id)
UPDATE_REPLY = (
    update(INBOUND).where(INBOUND.c.id == bindparam("inbound_id"))
    .values(reply=bindparam("reply"), status=bindparam("status"), handler=bindparam("handler"))
)  # fmt: skip


class AlreadyDelivered(Exception):
    """WeChat delivered this message before (a retry); its first reply is on record."""


def dedupe_key(msg):
    """MsgId for messages; sender + CreateTime + Event for events (WeChat's own rule)."""
    data = msg._data
    if data.get("MsgType") == "event" or not data.get("MsgId"):
        raw = f"event:{msg.source}:{data['CreateTime']}:{data.get('Event', msg.type)}"
    else:
        raw = f"msg:{data['MsgId']}"
    return hashlib.sha256(raw.encode()).hexdigest()


def record_inbound(msg, xml_text, status="received", reply=None):
    """Insert the delivery before its handler runs, in the handler's transaction; returns its id.

    A delivery already on record raises AlreadyDelivered. A retry arriving while the first attempt
    still runs waits on the unique index until that attempt commits (then raises) or rolls back
    (then proceeds as the first): the handler runs once, across workers, restarts and Redis losses.
    """
    data = msg._data
    values = {
        "dedupe_key": dedupe_key(msg),
        "openid": msg.source,
        "msg_type": data["MsgType"][:32],
        "event": (data.get("Event") or None) and data["Event"][:64],
        "event_key": (data.get("EventKey") or None) and data["EventKey"][:255],
        "sent_at": datetime.fromtimestamp(int(data["CreateTime"]), UTC),
        "received_at": utcnow(),
        "body": xml_text,
        "reply": reply,
        "status": status,
    }
    try:
        return db.session.connection().execute(INSERT_DELIVERY, values).fetchone()[0]
    except IntegrityError as exc:
        raise AlreadyDelivered(values["dedupe_key"]) from exc


def record_reply(inbound_id, reply, status, handler):
    """What went out for a delivery, and which handler answered it."""
    db.session.connection().execute(
        UPDATE_REPLY, {"inbound_id": inbound_id, "reply": reply, "status": status, "handler": handler}
    )


def first_reply(msg):
    """The reply the first delivery of `msg` got, or None if it is not on record."""
    return db.session.execute(select(InboundMessage.reply).filter_by(dedupe_key=dedupe_key(msg))).scalar()


def purge_inbound(retention_days, now=None):
    """Delete deliveries older than the retention period; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = db.session.execute(delete(InboundMessage).where(InboundMessage.received_at < cutoff))
    return result.rowcount


def forget_inbound(openid):
    """Blank what `openid` wrote and was answered (it may hold an ID number typed in a dialog)."""
    db.session.execute(
        update(INBOUND).where(INBOUND.c.openid == openid).values(openid=None, body=None, reply=None)
    )
