"""Sending policy pushes: one batch (one mass send) at a time, each committed before the next."""

import io
import logging

from PIL import Image

from models import Push, db
from server.extensions import gateway
from server.gateway.errors import TRANSIENT, GatewayError
from server.jobs import job
from server.operations.pushes.sending import (
    batches_left,
    claim_batch,
    due_pushes,
    finish_push,
    openids_of,
    record_batch_failed,
    record_batch_sent,
    start_push,
)

log = logging.getLogger(__name__)
COVER = (900, 383)  # WeChat's cover proportions for a news card
COVER_COLOUR = (178, 34, 34)


@job("wechat")
def send_push(push_id):
    """Start the push if it is due, then send its batches left, in order. A transient failure (and a
    call WeChat may have taken without answering) raises so the job is retried: the batch goes again
    with its clientmsgid, which WeChat never sends twice."""
    push = db.session.get(Push, push_id)
    if push is None:
        return
    if push.state == "scheduled":
        start_push(push)
        db.session.commit()
    if push.state != "sending":
        return
    for batch in batches_left(push):
        if not claim_batch(batch):
            db.session.commit()
            continue
        db.session.commit()  # the claim is kept even if this worker dies during the call
        _send_batch(push, batch)
    finish_push(push)
    db.session.commit()


def _send_batch(push, batch):
    if batch.to_all:
        target = {"to_all": True}
    elif batch.tag_id is not None:
        target = {"tag_id": batch.tag_id}
    else:
        target = {"openids": openids_of(batch)}
    try:
        if push.article_id:
            sent = gateway().mass_send_news(_news(push), clientmsgid=batch.clientmsgid, **target)
        else:
            sent = gateway().mass_send_text(push.text, clientmsgid=batch.clientmsgid, **target)
    except TRANSIENT:
        db.session.rollback()
        raise
    except GatewayError as error:
        log.warning("push %s batch %s refused: %s", push.id, batch.n, error)
        record_batch_failed(batch, f"{type(error).__name__} {error.errcode}")
    else:
        record_batch_sent(batch, sent)
    db.session.commit()


def _news(push):
    """The article as WeChat news, uploaded once per push (WeChat keeps it 3 days)."""
    if push.media_id is None:
        article = push.article
        thumb = gateway().upload_thumb(_cover())
        news = {
            "title": article.title,
            "content": article.body_html,
            "thumb_media_id": thumb,
            "digest": article.summary[:120],
            "author": article.issuer[:8],
            "show_cover_pic": 0,
        }
        if push.link:
            news["content_source_url"] = push.link
        push.media_id = gateway().upload_news([news])
        db.session.commit()
    return push.media_id


def _cover():
    data = io.BytesIO()
    Image.new("RGB", COVER, COVER_COLOUR).save(data, "JPEG", quality=80)
    return data.getvalue()


@job("low", retries=0)
def start_due_pushes():
    """Queue the pushes whose time has come, and those whose sending job died (resumed where it was)."""
    due = due_pushes()
    for push_id in due:
        send_push.enqueue(push_id)
    if due:
        log.info("queued %s pushes", len(due))
