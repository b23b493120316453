"""Composing, submitting, approving and cancelling pushes, and the listings of them.

A push is composed by a broadcaster (or anyone with pushes.compose) from a published article in
force or from a short text, for an audience in the composer's subtree. Submitting it makes it
`awaiting_approval` when the setting PUSH_APPROVAL_REQUIRED is on and the composer may not approve,
else `scheduled`. Every change of state is a conditional UPDATE on the state it leaves: two clicks,
two tabs or a job racing a cancel change it once.
"""

from datetime import timedelta

from sqlalchemy import func, literal, or_, select, update
from sqlalchemy.orm import selectinload

from models import PolicyArticle, PolicyTopic, Push, PushRecipient, Station, VeteranCategory, db
from models.push import CANCELLABLE
from models.types import utcnow
from server.extensions import settings
from server.operations.core import texts as core_texts
from server.operations.core.access import can
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.core.scope import subtree
from server.operations.policies.library import articles_in_force
from server.operations.pushes import texts
from server.outbox import after_commit

TEXT_LIMIT = 600
SCHEDULE_DAYS = 30


def compose_push(values, staff, form_token, submit=True):
    """A new push from the console's values (article_id or text; all, station_ids, category_ids;
    send_at or None; link: the article's public page). The same `form_token` again (a double click)
    makes nothing new and answers the push it made."""
    made = db.session.scalar(select(Push).where(Push.form_token == form_token))
    if made is not None:
        return made
    article, text = _content(values, staff)
    push = Push(
        article_id=article.id if article else None,
        text=text,
        link=values.get("link") if article else None,
        audience=audience_spec(values, staff),
        send_at=_send_at(values.get("send_at")),
        station_id=staff.station_id,
        form_token=form_token,
        composed_by_id=staff.id,
        state="draft",
        left_out={},
    )
    db.session.add(push)
    db.session.flush()
    return submit_push(push, staff) if submit else push


def submit_push(push, staff):
    """A draft goes to approval, or straight to its schedule."""
    approval = settings().push_approval_required and not can(staff, "pushes.approve")
    target = "awaiting_approval" if approval else "scheduled"
    extra = {} if approval else {"approved_by_id": staff.id, "approved_at": utcnow()}
    _move(push, ("draft",), target, texts.NOT_DRAFT, **extra)
    if target == "scheduled":
        _queue_when_due(push)
    return push


def approve_push(push, staff):
    """A supervisor's approval: the push goes at its time (now, if none was set or it has passed)."""
    _move(
        push,
        ("awaiting_approval",),
        "scheduled",
        texts.NOT_AWAITING,
        approved_by_id=staff.id,
        approved_at=utcnow(),
    )
    _queue_when_due(push)
    return push


def cancel_push(push, staff):
    """Cancel a push that has not started sending."""
    _move(
        push, CANCELLABLE, "cancelled", texts.NOT_CANCELLABLE, cancelled_by_id=staff.id, cancelled_at=utcnow()
    )
    return push


def _move(push, sources, target, refusal, **changes):
    statement = (
        update(Push)
        .where(Push.id == push.id, Push.state.in_(sources))
        .values(state=target, **changes)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(statement).rowcount != 1:
        db.session.refresh(push)
        raise InvalidState(refusal)
    db.session.refresh(push)


def _queue_when_due(push):
    if push.send_at is None or push.send_at <= utcnow():
        after_commit(db.session, "server.jobs.pushes.send_push", push.id)


def pushes_for(staff):
    """The pushes of `staff`'s subtree, newest first (a select, for paging)."""
    return (
        select(Push)
        .where(Push.station_id.in_(subtree(staff.station)))
        .options(selectinload(Push.composed_by), selectinload(Push.approved_by), selectinload(Push.article))
        .order_by(Push.id.desc())
    )


def push_for(ident, staff):
    push = db.session.scalar(
        select(Push).where(Push.id == ident, Push.station_id.in_(subtree(staff.station)))
    )
    if push is None:
        raise NotFound(core_texts.NOT_IN_SCOPE)
    return push


def pushes_sent_to(veteran):
    """The pushes a registration's person was among the recipients of, newest first."""
    ids = select(PushRecipient.push_id).where(PushRecipient.veteran_id == veteran.id)
    if veteran.openid:
        ids = ids.union(select(PushRecipient.push_id).where(PushRecipient.openid == veteran.openid))
    statement = select(Push).where(Push.id.in_(ids), Push.state.in_(("sending", "sent", "failed")))
    return db.session.scalars(statement.order_by(Push.id.desc())).all()


def pushable_articles(staff):
    """The articles `staff` may push: in force, and for the whole network, for a station above
    theirs (their people are under it) or for one in their subtree. A select of (id, title)."""
    path = staff.station.path
    near = or_(
        PolicyArticle.station_id.is_(None),
        PolicyArticle.station_id.in_(select(Station.id).where(literal(path).startswith(Station.path))),
        PolicyArticle.station_id.in_(subtree(staff.station)),
    )
    return articles_in_force().where(near).with_only_columns(PolicyArticle.id, PolicyArticle.title)


def _content(values, staff):
    article_id, text = values.get("article_id"), (values.get("text") or "").strip()
    if article_id and text:
        raise DomainError(texts.CONTENT_BOTH, field="text")
    if not article_id and not text:
        raise DomainError(texts.CONTENT_REQUIRED, field="article_id")
    if text:
        if len(text) > TEXT_LIMIT:
            raise DomainError(texts.TEXT_TOO_LONG.format(limit=TEXT_LIMIT), field="text")
        return None, text
    allowed = pushable_articles(staff).where(PolicyArticle.id == article_id)
    if db.session.execute(allowed).first() is None:
        raise DomainError(texts.ARTICLE_NOT_PUBLISHED, field="article_id")
    return db.session.get(PolicyArticle, article_id), None


def audience_spec(values, staff):
    """The audience the console's values name, checked against `staff`'s scope."""
    everyone = bool(values.get("all"))
    station_ids = sorted(set(values.get("station_ids") or ()))
    category_ids = sorted(set(values.get("category_ids") or ()))
    topic_ids = sorted(set(values.get("topic_ids") or ()))
    if everyone and (station_ids or category_ids or topic_ids):
        raise DomainError(texts.AUDIENCE_ALL_AND_FILTERS, field="all")
    if everyone and staff.station.parent_id is not None:
        raise DomainError(texts.ALL_ONLY_AT_TOP, field="all")
    if not everyone and not station_ids and not category_ids and not topic_ids:
        raise DomainError(texts.AUDIENCE_REQUIRED, field="all")
    _check_stations(station_ids, staff)
    _check_active(VeteranCategory, category_ids, texts.CATEGORY_UNKNOWN, "category_ids")
    _check_active(PolicyTopic, topic_ids, texts.TOPIC_UNKNOWN, "topic_ids")
    if not everyone and not station_ids and staff.station.parent_id is not None:
        station_ids = [staff.station_id]  # below the top, an audience stays in one's own subtree
    return {"all": everyone, "station_ids": station_ids, "category_ids": category_ids, "topic_ids": topic_ids}


def _check_stations(ids, staff):
    stations = db.session.scalars(select(Station).where(Station.id.in_(ids), Station.active.is_(True))).all()
    if len(stations) != len(ids) or not all(staff.station.contains(s) for s in stations):
        raise DomainError(texts.STATION_NOT_IN_SCOPE, field="station_ids")


def _check_active(model, ids, refusal, field):
    known = select(func.count()).where(model.id.in_(ids), model.active.is_(True))
    if db.session.scalar(known) != len(ids):
        raise DomainError(refusal, field=field)


def _send_at(moment):
    if moment is None:
        return None
    if moment <= utcnow():
        raise DomainError(texts.SEND_AT_PAST, field="send_at")
    if moment > utcnow() + timedelta(days=SCHEDULE_DAYS):
        raise DomainError(texts.SEND_AT_TOO_FAR.format(days=SCHEDULE_DAYS), field="send_at")
    return moment
