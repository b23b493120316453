"""A push to people who use only the mini-program: one subscribe message (政策更新提醒) each.

WeChat allows one subscribe message per tap of 允许, so each person's tap is taken with a
conditional UPDATE (notice_taps > 0) in the transaction that starts the push, together with their
recipient row (batch 0: no mass send) and the notification that carries the message. That
transaction commits once, so a worker killed before it leaves nothing taken and nothing recorded,
and one killed after it leaves every notification to its own delivery job (claimed before its call,
re-queued by the sweep when it was never queued): nobody twice, nobody missed.
"""

from sqlalchemy import func, select, update

from models import Notification, PolicySubscriber, Station, db
from models.types import utcnow
from server.operations.messaging.notifications import notify
from server.operations.pushes import texts
from server.timezone import local

NOTICE_BATCH = 0  # a recipient reached by a subscribe message, in no mass send's batch
TEMPLATE_KEY = "miniapp_policy"
ARTICLE_PAGE = "pages/policies/detail?id={id}"
LIST_PAGE = "pages/policies/index"


def send_notices(push, audience):
    """Take a tap of each of `audience.notices` and record their message; one whose tap went since
    the audience was measured is left out "miniapp_only" instead. The recipient rows to write."""
    rows, values, page = [], _values(push), _page(push)
    for miniapp_openid, veteran_id in audience.notices:
        if not _take_tap(miniapp_openid):
            audience.leave_out("miniapp_only")
            continue
        rows.append((push.id, NOTICE_BATCH, miniapp_openid, veteran_id))
        notify(
            None,
            "policy_push",
            texts.NOTICE_TEXT.format(title=values["thing1"]),
            template_key=TEMPLATE_KEY,
            template_values=values,
            page=page,
            subject=push,
            miniapp_openid=miniapp_openid,
        )
    audience.notices = [(row[2], row[3]) for row in rows]
    return rows


def _take_tap(miniapp_openid):
    taken = db.session.execute(
        update(PolicySubscriber)
        .where(PolicySubscriber.miniapp_openid == miniapp_openid, PolicySubscriber.notice_taps > 0)
        .values(notice_taps=PolicySubscriber.notice_taps - 1)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def _values(push):
    article = push.article
    if article is not None:
        return {
            "thing1": article.title,
            "thing2": article.issuer,
            "date3": article.published_on.strftime(texts.NOTICE_DATE),
            "thing4": texts.NOTICE_HINT_ARTICLE,
        }
    station = db.session.get(Station, push.station_id)
    return {
        "thing1": push.text,
        "thing2": station.name,
        "date3": local(push.started_at or utcnow()).strftime(texts.NOTICE_DATE),
        "thing4": texts.NOTICE_HINT_TEXT,
    }


def _page(push):
    return ARTICLE_PAGE.format(id=push.article_id) if push.article_id else LIST_PAGE


def notice_counts(push):
    """state -> how many of the push's subscribe messages are in it."""
    statement = (
        select(Notification.state, func.count())
        .where(Notification.subject_type == "push", Notification.subject_id == push.id)
        .group_by(Notification.state)
    )
    return dict(db.session.execute(statement).all())
