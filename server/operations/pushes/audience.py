"""Who a push reaches and who it leaves out, and why, before anything is sent.

The audience is people: registrations (建档, submitted at least once: their station and category are
their own word, as the WeChat tag scheme reads them) and followers who never registered. A spec
{"all": True} is every follower; otherwise station subtrees, categories (registrations only) and
topics are ANDed, the choices within one kind ORed. A registration reaches its person only through
a follower's openid; without one the person is left out: "miniapp_only" when they use only the
mini-program (policy notices there need a subscribe-message tap, which the mini-program does not
ask for policies), else "not_following". With topics chosen, a follower not subscribed to any of them
(never, or no longer: 订阅推送) is left out "unsubscribed". A follower who had 4 mass messages from
our batches this China month is left out "monthly_limit", as WeChat would filter them anyway.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import func, or_, select

from models import Follower, PolicySubscriber, PolicyTopic, PushBatch, PushRecipient, Station, Veteran, db
from models.subscription import policy_subscription
from models.types import utcnow
from server.timezone import LOCAL, local

MASS_PER_MONTH = 4
REGISTERED = Veteran.submitted_at.is_not(None)  # a correction in progress is a draft again, still theirs


@dataclass
class Audience:
    recipients: list = field(default_factory=list)  # [(openid, veteran id or None)]
    left_out: dict = field(default_factory=dict)  # reason -> how many

    @property
    def targeted(self):
        return len(self.recipients) + sum(self.left_out.values())

    def leave_out(self, reason):
        self.left_out[reason] = self.left_out.get(reason, 0) + 1


def measure_audience(spec, now=None):
    """The Audience of `spec` now: recipients in a stable order (by openid), and the left-out counts."""
    audience = Audience()
    following = set(db.session.scalars(select(Follower.openid)))
    registered = {}
    for veteran_id, openid, miniapp_openid in db.session.execute(_registrations(spec)):
        if openid and openid in following:
            registered[openid] = veteran_id
        else:
            audience.leave_out("miniapp_only" if miniapp_openid else "not_following")
    people = dict(registered)
    if not spec.get("category_ids"):
        linked = set(
            db.session.scalars(select(Veteran.openid).where(REGISTERED, Veteran.openid.is_not(None)))
        )
        for openid in db.session.scalars(_followers(spec)):
            if openid not in linked:
                people[openid] = None
    subscribed = _subscribed(spec["topic_ids"]) if spec.get("topic_ids") else None
    full = received_this_month(now)
    for openid in sorted(people):
        if subscribed is not None and openid not in subscribed:
            audience.leave_out("unsubscribed")
        elif full.get(openid, 0) >= MASS_PER_MONTH:
            audience.leave_out("monthly_limit")
        else:
            audience.recipients.append((openid, people[openid]))
    return audience


def _registrations(spec):
    statement = select(Veteran.id, Veteran.openid, Veteran.miniapp_openid).where(REGISTERED)
    if spec.get("station_ids"):
        statement = statement.where(Veteran.station_id.in_(_subtrees(spec["station_ids"])))
    if spec.get("category_ids"):
        statement = statement.where(Veteran.category_id.in_(spec["category_ids"]))
    return statement


def _followers(spec):
    statement = select(Follower.openid)
    if spec.get("station_ids"):
        statement = statement.where(Follower.station_id.in_(_subtrees(spec["station_ids"])))
    return statement


def _subscribed(topic_ids):
    """The openids subscribed to any of `topic_ids` (active), as the topic tags read them."""
    statement = (
        select(PolicySubscriber.openid)
        .join(policy_subscription, policy_subscription.c.subscriber_id == PolicySubscriber.id)
        .join(PolicyTopic, PolicyTopic.id == policy_subscription.c.topic_id)
        .where(policy_subscription.c.topic_id.in_(topic_ids), PolicyTopic.active.is_(True))
    )
    return set(db.session.scalars(statement.where(PolicySubscriber.openid.is_not(None))))


def _subtrees(station_ids):
    paths = db.session.scalars(select(Station.path).where(Station.id.in_(station_ids))).all()
    return select(Station.id).where(or_(*[Station.path.startswith(path) for path in paths]))


def month_start(now=None):
    """The start of this China month, in UTC."""
    today = local(now or utcnow()).date()
    return datetime.combine(today.replace(day=1), time(), LOCAL)


def received_this_month(now=None):
    """openid -> how many of our mass sends reached them this China month (those at 4 and over only
    matter, but the count is cheap: one grouped query over this month's batches)."""
    statement = (
        select(PushRecipient.openid, func.count())
        .join(
            PushBatch,
            (PushBatch.push_id == PushRecipient.push_id) & (PushBatch.n == PushRecipient.batch_n),
        )
        .where(PushBatch.state == "sent", PushBatch.sent_at >= month_start(now))
        .group_by(PushRecipient.openid)
        .having(func.count() >= MASS_PER_MONTH)
    )
    return dict(db.session.execute(statement).all())
