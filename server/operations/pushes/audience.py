"""Who a push reaches and who it leaves out, and why, before anything is sent.

The audience is people: registrations (建档, submitted at least once: their station and category are
their own word, as the WeChat tag scheme reads them) and followers who never registered. A spec
{"all": True} is every follower; otherwise station subtrees, categories (registrations only) and
topics are ANDed, the choices within one kind ORed. A registration reaches its person only through
a follower's openid. A person who uses only the mini-program (a registration's, or a 订阅推送
choice's, `miniapp_openid` without a following openid) gets a subscribe message instead when they
have a tap of 允许 left for policy notices (`notices`); without one they are left out
"miniapp_only". Anyone else not following is left out "not_following". Mini-program people with
no registration have no station or category: they are in only an audience of all or of topics.
With topics chosen, a person not subscribed to any of them (never, or no longer: 订阅推送) is left
out "unsubscribed". A follower who had 4 mass messages from
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
    notices: list = field(default_factory=list)  # [(miniapp_openid, veteran id or None)]: a tap each
    left_out: dict = field(default_factory=dict)  # reason -> how many

    @property
    def targeted(self):
        return len(self.recipients) + len(self.notices) + sum(self.left_out.values())

    def leave_out(self, reason):
        self.left_out[reason] = self.left_out.get(reason, 0) + 1


def measure_audience(spec, now=None):
    """The Audience of `spec` now: recipients in a stable order (by openid), and the left-out counts."""
    audience = Audience()
    following = set(db.session.scalars(select(Follower.openid)))
    registered, mini = {}, {}
    for veteran_id, openid, miniapp_openid in db.session.execute(_registrations(spec)):
        if openid and openid in following:
            registered[openid] = veteran_id
        elif miniapp_openid:
            mini[miniapp_openid] = veteran_id
        else:
            audience.leave_out("not_following")
    subscribed = _subscribed(spec["topic_ids"]) if spec.get("topic_ids") else None
    _mini_program_people(audience, spec, mini, following, subscribed)
    people = dict(registered)
    if not spec.get("category_ids"):
        linked = set(
            db.session.scalars(select(Veteran.openid).where(REGISTERED, Veteran.openid.is_not(None)))
        )
        for openid in db.session.scalars(_followers(spec)):
            if openid not in linked:
                people[openid] = None
    full = received_this_month(now)
    for openid in sorted(people):
        if subscribed is not None and openid not in subscribed:
            audience.leave_out("unsubscribed")
        elif full.get(openid, 0) >= MASS_PER_MONTH:
            audience.leave_out("monthly_limit")
        else:
            audience.recipients.append((openid, people[openid]))
    return audience


def _mini_program_people(audience, spec, mini, following, subscribed):
    """The mini-program-only people of the audience (`mini`: the registrations' miniapp_openid ->
    veteran id, joined by unregistered subscribers when no station or category narrows it) into
    `audience.notices` when they have a tap left, else left out with the reason."""
    rows = db.session.execute(
        select(PolicySubscriber.miniapp_openid, PolicySubscriber.openid, PolicySubscriber.notice_taps).where(
            PolicySubscriber.miniapp_openid.is_not(None)
        )
    ).all()
    if not spec.get("station_ids") and not spec.get("category_ids"):
        registered = _registered_miniapp_openids()
        for miniapp_openid, openid, _ in rows:
            if miniapp_openid not in registered and openid not in following:
                mini.setdefault(miniapp_openid, None)
    taps = {miniapp_openid: count for miniapp_openid, _, count in rows}
    chose = (
        _subscribed(spec["topic_ids"], PolicySubscriber.miniapp_openid) if subscribed is not None else None
    )
    for miniapp_openid in sorted(mini):
        if chose is not None and miniapp_openid not in chose:
            audience.leave_out("unsubscribed")
        elif taps.get(miniapp_openid, 0) > 0:
            audience.notices.append((miniapp_openid, mini[miniapp_openid]))
        else:
            audience.leave_out("miniapp_only")


def _registered_miniapp_openids():
    statement = select(Veteran.miniapp_openid).where(REGISTERED, Veteran.miniapp_openid.is_not(None))
    return set(db.session.scalars(statement))


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


def _subscribed(topic_ids, column=PolicySubscriber.openid):
    """The openids (or other `column`) subscribed to any of `topic_ids` (active), as the topic tags
    read them."""
    statement = (
        select(column)
        .join(policy_subscription, policy_subscription.c.subscriber_id == PolicySubscriber.id)
        .join(PolicyTopic, PolicyTopic.id == policy_subscription.c.topic_id)
        .where(policy_subscription.c.topic_id.in_(topic_ids), PolicyTopic.active.is_(True))
    )
    return set(db.session.scalars(statement.where(column.is_not(None))))


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
