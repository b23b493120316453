"""Sending a push: its recipients fixed in batches when it starts, each batch one mass send.

A batch's clientmsgid is `push-<push id>-<n>`: a batch found `sending` after a crash is sent again
with it, and WeChat answers 45065 with the first send's msg_id instead of sending twice (within 24
hours; a batch older than that is marked failed, unconfirmed, rather than risk a second send). The
recipients are fixed once, in openid order, so a resumed push reaches exactly the people it would
have: nobody twice, nobody missed. People who use only the mini-program get a subscribe message
each instead (notices.py), recorded in the same transaction that starts the push.
"""

from datetime import timedelta

from sqlalchemy import insert, or_, select, update

from models import InboundMessage, PolicyArticle, Push, PushBatch, PushRecipient, Station, db
from models.types import utcnow
from server.operations.policies.library import articles_in_force
from server.operations.policies.tag_plan import tag_for_audience
from server.operations.pushes import texts
from server.operations.pushes.audience import measure_audience
from server.operations.pushes.notices import NOTICE_BATCH, notice_counts, send_notices
from server.wechat_protocol.messages import read_fields

BATCH_SIZE = 10_000  # WeChat's most openids in one send
REPORT_FIELDS = {
    "TotalCount": "total_count",
    "FilterCount": "filter_count",  # WeChat's meaning: left after its filtering
    "SentCount": "sent_count",
    "ErrorCount": "error_count",
}
TAG_KINDS = {"topic_ids": "topic", "category_ids": "category", "station_ids": "county"}
CONFIRM_WINDOW = timedelta(hours=23)  # WeChat remembers a clientmsgid 24 hours
STALLED_AFTER = timedelta(minutes=3)  # a sending push with no sign of life: its job died


def due_pushes(now=None):
    """Ids of scheduled pushes whose time has come, and of sending ones whose job stopped."""
    now = now or utcnow()
    statement = select(Push.id).where(
        or_(
            (Push.state == "scheduled") & (or_(Push.send_at.is_(None), Push.send_at <= now)),
            (Push.state == "sending") & (or_(Push.beat_at.is_(None), Push.beat_at < now - STALLED_AFTER)),
        )
    )
    return db.session.scalars(statement.order_by(Push.id)).all()


def start_push(push):
    """scheduled → sending, once: the audience measured now, its recipients written in batches.
    False when the push is not due or another worker started it."""
    now = utcnow()
    moved = db.session.execute(
        update(Push)
        .where(
            Push.id == push.id, Push.state == "scheduled", or_(Push.send_at.is_(None), Push.send_at <= now)
        )
        .values(state="sending", started_at=now, beat_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(push)
    if moved.rowcount != 1:
        return False
    if push.article_id and not _in_force(push.article_id):  # withdrawn or expired since approved
        push.state, push.finished_at, push.error = "failed", now, texts.ARTICLE_GONE
        db.session.flush()
        return True
    audience = measure_audience(push.audience, now)
    tag_id = tag_of(push.audience)
    by_list = not push.audience.get("all") and tag_id is None
    if by_list and (len(audience.recipients) == 1 or not (audience.recipients or audience.notices)):
        push.state, push.finished_at = "failed", now
        push.error = texts.TOO_FEW.format(count=len(audience.recipients))
    elif not by_list:
        _write_batches(push, [audience.recipients], to_all=tag_id is None, tag_id=tag_id)
    elif audience.recipients:
        _write_batches(push, split_batches(audience.recipients), to_all=False)
    if push.state == "sending":
        _insert_recipients(send_notices(push, audience))
    push.targeted, push.left_out = audience.targeted, dict(audience.left_out)
    db.session.flush()
    return True


def _in_force(article_id):
    return db.session.scalar(articles_in_force().where(PolicyArticle.id == article_id)) is not None


def split_batches(recipients):
    """Batches of at most BATCH_SIZE, as even as can be, so none holds fewer than 2."""
    count = -(-len(recipients) // BATCH_SIZE)
    size, extra = divmod(len(recipients), count)
    batches, at = [], 0
    for n in range(count):
        end = at + size + (1 if n < extra else 0)
        batches.append(recipients[at:end])
        at = end
    return batches


def tag_of(spec):
    """WeChat's tag id when the audience is exactly one of our tags (one topic, one category or one
    county-level station, nothing else) and WeChat's members of it are in step with our records;
    else None, and the push goes by openid lists."""
    chosen = [(kind, spec.get(name) or []) for name, kind in TAG_KINDS.items() if spec.get(name)]
    if spec.get("all") or len(chosen) != 1 or len(chosen[0][1]) != 1:
        return None
    kind, (ref_id,) = chosen[0]
    if kind == "county" and db.session.scalar(select(Station.level).where(Station.id == ref_id)) != "county":
        return None
    return tag_for_audience(kind, ref_id)


def _write_batches(push, batches, to_all, tag_id=None):
    for n, recipients in enumerate(batches, start=1):
        clientmsgid = f"push-{push.id}-{n}"
        db.session.add(
            PushBatch(
                push_id=push.id,
                n=n,
                size=len(recipients),
                to_all=to_all,
                tag_id=tag_id,
                clientmsgid=clientmsgid,
            )
        )
    rows = [
        (push.id, n, openid, veteran_id) for n, batch in enumerate(batches, 1) for openid, veteran_id in batch
    ]
    _insert_recipients(rows)


def _insert_recipients(rows):
    """PostgreSQL's COPY on the session's own connection (100,000 rows in well under a second, where
    an INSERT of many VALUES takes seconds); a plain INSERT elsewhere (SQLite)."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        names = ("push_id", "batch_n", "openid", "veteran_id")
        db.session.execute(insert(PushRecipient), [dict(zip(names, row, strict=True)) for row in rows])
        return
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy("COPY push_recipient (push_id, batch_n, openid, veteran_id) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def batches_left(push):
    """The batches not yet sent, in order: pending, or `sending` when a worker died during the call."""
    statement = select(PushBatch).where(
        PushBatch.push_id == push.id, PushBatch.state.in_(("pending", "sending"))
    )
    return db.session.scalars(statement.order_by(PushBatch.n)).all()


def openids_of(batch):
    statement = select(PushRecipient.openid).where(
        PushRecipient.push_id == batch.push_id, PushRecipient.batch_n == batch.n
    )
    return db.session.scalars(statement.order_by(PushRecipient.openid)).all()


def claim_batch(batch):
    """Mark `batch` as being sent (the job commits before calling WeChat). False: a call for it may
    have reached WeChat too long ago to send it again safely, and it is marked failed (a batch never
    tried goes however late: its clientmsgid is unused)."""
    push = batch.push
    if batch.state == "sending" and push.started_at and utcnow() - push.started_at > CONFIRM_WINDOW:
        record_batch_failed(batch, texts.UNCONFIRMED)
        return False
    batch.state, push.beat_at = "sending", utcnow()
    return True


def record_batch_sent(batch, mass_send):
    batch.state, batch.sent_at = "sent", utcnow()
    batch.msg_id, batch.repeated = mass_send.msg_id, mass_send.repeated
    report = _report_kept(batch) if mass_send.repeated else None
    if report:
        _set_counts(batch, report)
    recount(batch.push)


def record_batch_failed(batch, error):
    batch.state, batch.error = "failed", error[:200]
    recount(batch.push)


def finish_push(push):
    """After the last batch: sent, or failed when no batch went out."""
    if batches_left(push):
        return
    states = {batch.state for batch in push.batches}
    push.state = "sent" if "sent" in states or _has_notices(push) else "failed"
    push.finished_at = utcnow()


def _has_notices(push):
    statement = select(PushRecipient.id).where(
        PushRecipient.push_id == push.id, PushRecipient.batch_n == NOTICE_BATCH
    )
    return db.session.scalar(statement.limit(1)) is not None


def recount_push(push_id):
    """The push's counts again after one of its subscribe messages was delivered or refused (the
    push locked, so two deliveries finishing together both count)."""
    push = db.session.get(Push, push_id, with_for_update=True)
    if push is not None:
        recount(push)


def record_mass_finished(fields):
    """WeChat's MASSSENDJOBFINISH (its fields): the counts on the batch of its MsgID and the push's
    totals. None when the send is not one we know (one made in WeChat's own admin pages, or one
    whose worker died before writing down its msg_id: `record_batch_sent` reads it back then)."""
    msg_id = _number(fields.get("MsgID"))
    batch = db.session.scalar(select(PushBatch).where(PushBatch.msg_id == msg_id)) if msg_id else None
    if batch is None:
        return None
    _set_counts(batch, fields)
    return batch


def _set_counts(batch, fields):
    batch.status = (fields.get("Status") or "")[:64] or None
    for field, name in REPORT_FIELDS.items():
        setattr(batch, name, _number(fields.get(field)))
    batch.finished_at = utcnow()
    recount(batch.push)


def _report_kept(batch):
    """The MASSSENDJOBFINISH of the batch's msg_id among the deliveries kept since the push started,
    or None: WeChat reported a send the worker that made it did not live to write down."""
    statement = select(InboundMessage.body).where(
        InboundMessage.event == "MASSSENDJOBFINISH", InboundMessage.received_at >= batch.push.started_at
    )
    for body in db.session.scalars(statement):
        fields = read_fields(body or "<xml></xml>")
        if _number(fields.get("MsgID")) == batch.msg_id:
            return fields
    return None


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def recount(push):
    """The push's sent / filtered / failed from its batches: WeChat's counts where its event came,
    what was handed to WeChat until then; and its subscribe messages, delivered or refused."""
    notices = notice_counts(push)
    sent, filtered, failed = notices.get("sent", 0), 0, notices.get("failed", 0)
    for batch in push.batches:
        if batch.state == "failed":
            failed += batch.size
        elif batch.state == "sent" and batch.sent_count is not None:
            sent += batch.sent_count
            failed += batch.error_count or 0
            if batch.total_count is not None and batch.filter_count is not None:
                filtered += max(batch.total_count - batch.filter_count, 0)
        elif batch.state == "sent":
            sent += batch.size
    push.sent, push.filtered, push.failed = sent, filtered, failed
