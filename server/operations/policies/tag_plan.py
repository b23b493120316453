"""The tag scheme: which WeChat tags we keep, who should carry each, and what differs from WeChat.

WeChat allows 100 tags per account and 20 per follower, and tags 50 openids per batchtagging call
(DESIGN.md). We keep three kinds of tag, one per:

- `topic`: each active PolicyTopic, carried by the followers subscribed to it;
- `category`: each active VeteranCategory, carried by followers whose registration (submitted at
  least once) has it;
- `county`: each active county-level station, carried by followers whose station (their
  registration's, else the one whose code they scanned) is in that county's subtree.

A follower carries at most TOPIC_TAGS topic tags + 1 category + 1 county tag = 18, leaving
USER_RESERVE of WeChat's 20 for tags made by hand in 公众平台; the account uses at most
ACCOUNT_TAGS - ACCOUNT_RESERVE = 90 tags. A plan over either is refused here (TagPlanTooLarge),
before anything is asked of WeChat. Finer audiences (a township, a village, a combination) are sent
by openid lists of at most OPENID_LIST: `followers_for` gives them.

For pushes: `tag_for_audience(kind, ref_id)` is WeChat's tag id to mass-send to, or None while
that tag is not made or not in step with our records (a send by it would miss someone or reach
someone it should not); then `followers_for(kind, ref_id)` gives the follower openids, from our own
records, for openid-list sends. `wechat_tag_id` is the tag's id whether in step or not.
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from models import Follower, FollowerTag, PolicySubscriber, PolicyTopic, Station, Veteran, VeteranCategory, db
from models.station import path_ids
from models.subscription import policy_subscription
from models.wechat_tag import TAG_KINDS, WechatTag
from server.operations.core.errors import DomainError
from server.operations.policies import texts

ACCOUNT_TAGS, ACCOUNT_RESERVE = 100, 10
USER_TAGS, USER_RESERVE = 20, 2
TOPIC_TAGS = USER_TAGS - USER_RESERVE - 2  # besides one category and one county tag
BATCH = 50  # openids per batchtagging / batchuntagging call
OPENID_LIST = 10_000  # openids per mass send to a list
NAME_LIMIT = 30


class TagPlanTooLarge(DomainError):
    status = 409


@dataclass(frozen=True)
class PlannedTag:
    kind: str
    ref_id: int
    name: str


@dataclass(frozen=True)
class Batch:
    """One batchtagging (`tagging`) or batchuntagging call: a tag and at most BATCH followers."""

    tag: WechatTag
    tagging: bool
    followers: tuple  # (follower id, openid) pairs


# The plan
def plan_tags():
    """The tags we should have at WeChat, checked against WeChat's limits."""
    topics = db.session.execute(select(PolicyTopic).filter_by(active=True).order_by(PolicyTopic.sort))
    categories = db.session.execute(
        select(VeteranCategory).filter_by(active=True).order_by(VeteranCategory.sort)
    )
    counties = db.session.execute(
        select(Station).filter_by(active=True, level="county").order_by(Station.code)
    )
    planned = [
        *(_planned("topic", t.id, t.name) for t in topics.scalars()),
        *(_planned("category", c.id, c.name) for c in categories.scalars()),
        *(_planned("county", s.id, s.name) for s in counties.scalars()),
    ]
    check_plan(planned)
    return planned


def _planned(kind, ref_id, name):
    return PlannedTag(kind, ref_id, texts.TAG_NAMES[kind].format(name=name)[:NAME_LIMIT])


def check_plan(planned):
    limit = ACCOUNT_TAGS - ACCOUNT_RESERVE
    if len(planned) > limit:
        message = texts.TAG_PLAN_TOO_LARGE.format(count=len(planned), limit=limit, reserve=ACCOUNT_RESERVE)
        raise TagPlanTooLarge(message)
    topics = sum(1 for tag in planned if tag.kind == "topic")
    if topics > TOPIC_TAGS:
        raise TagPlanTooLarge(texts.TAG_PLAN_TOO_MANY_TOPICS.format(count=topics, limit=TOPIC_TAGS))


def reconcile_tag_rows(planned):
    """Our rows for the plan: made for new tags, named as planned while not yet at WeChat. Returns
    (rows still to be made at WeChat, rows no longer planned: to be deleted there)."""
    rows = {(row.kind, row.ref_id): row for row in db.session.execute(select(WechatTag)).scalars()}
    wanted = {(tag.kind, tag.ref_id): tag for tag in planned}
    for key, tag in wanted.items():
        row = rows.get(key)
        if row is None:
            rows[key] = row = WechatTag(kind=tag.kind, ref_id=tag.ref_id, name=tag.name)
            db.session.add(row)
        elif row.wechat_id is None:
            row.name = tag.name
    db.session.flush()
    unmade = [rows[key] for key in wanted if rows[key].wechat_id is None]
    retired = [row for key, row in rows.items() if key not in wanted]
    return unmade, retired


def made_tags():
    return db.session.execute(select(WechatTag).where(WechatTag.wechat_id.is_not(None))).scalars().all()


def note_made(row, wechat_id):
    row.wechat_id = wechat_id
    db.session.flush()


def forget_tag(row):
    """The tag is gone at WeChat (deleted, which untags everyone): our rows for it go too."""
    db.session.execute(delete(FollowerTag).where(FollowerTag.tag_id == row.id))
    db.session.delete(row)
    db.session.flush()


def unmake_tag(row):
    """WeChat no longer knows the tag (deleted by hand): make it again on the next sync."""
    db.session.execute(delete(FollowerTag).where(FollowerTag.tag_id == row.id))
    row.wechat_id = None
    db.session.flush()


# Who should carry what
def _station_of_follower():
    """Per follower, the station that places them: their registration's, else the scanned one."""
    registered = (
        select(Veteran.openid, Veteran.station_id, Veteran.category_id)
        # submitted once (a correction in progress is a draft again, and still theirs)
        .where(Veteran.openid.is_not(None), Veteran.submitted_at.is_not(None))
        .subquery()
    )
    return registered, func.coalesce(registered.c.station_id, Follower.station_id)


def desired_refs(follower_ids=None, kind=None, ref_id=None):
    """(follower id, openid, kind, ref id) of every tag our records say each follower should carry;
    only for `follower_ids`, one `kind`, one `ref_id` when given."""
    rows = []
    for name in (kind,) if kind else TAG_KINDS:
        rows += [(f, o, name, r) for f, o, r in _MEMBERS[name](_only(follower_ids), ref_id)]
    return rows


def _only(follower_ids):
    return (
        (lambda query: query)
        if follower_ids is None
        else (lambda query: query.where(Follower.id.in_(follower_ids)))
    )


def _topic_members(only, ref_id):
    query = (
        select(Follower.id, Follower.openid, policy_subscription.c.topic_id)
        .join(PolicySubscriber, PolicySubscriber.openid == Follower.openid)
        .join(policy_subscription, policy_subscription.c.subscriber_id == PolicySubscriber.id)
        .join(PolicyTopic, PolicyTopic.id == policy_subscription.c.topic_id)
        .where(PolicyTopic.active.is_(True))
    )
    return db.session.execute(
        only(query.where(policy_subscription.c.topic_id == ref_id) if ref_id else query)
    )


def _category_members(only, ref_id):
    registered, _ = _station_of_follower()
    query = select(Follower.id, Follower.openid, registered.c.category_id).join(
        registered, registered.c.openid == Follower.openid
    )
    query = query.where(registered.c.category_id.is_not(None))
    return db.session.execute(only(query.where(registered.c.category_id == ref_id) if ref_id else query))


def _county_members(only, ref_id):
    """Followers by the path of their station, read as the county-level station on that path."""
    registered, station_id = _station_of_follower()
    query = (
        select(Follower.id, Follower.openid, Station.path)
        .outerjoin(registered, registered.c.openid == Follower.openid)
        .join(Station, Station.id == station_id)
    )
    counties = set(db.session.scalars(select(Station.id).filter_by(level="county", active=True)))
    if ref_id:
        county_path = db.session.scalar(select(Station.path).filter_by(id=ref_id)) or "/none/"
        query = query.where(Station.path.startswith(county_path, autoescape=True))
    for follower_id, openid, path in db.session.execute(only(query)):
        county = next((i for i in path_ids(path) if i in counties), None)
        if county is not None:
            yield follower_id, openid, county


_MEMBERS = {"topic": _topic_members, "category": _category_members, "county": _county_members}


# What differs from WeChat
def pending_batches(follower_ids=None):
    """The calls that bring WeChat in step: every untagging first (freeing room under the 20), then
    every tagging, each for one made tag and at most BATCH followers. Computed from what is recorded
    as done, so after an interruption only what is left is planned again."""
    tags = {(t.kind, t.ref_id): t for t in db.session.execute(select(WechatTag)).scalars() if t.wechat_id}
    desired = {}
    for follower_id, openid, kind, ref_id in desired_refs(follower_ids):
        tag = tags.get((kind, ref_id))
        if tag is not None:
            desired[(follower_id, tag.id)] = openid
    applied = _applied(follower_ids)
    by_id = {tag.id: tag for tag in tags.values()}
    untag = {key: openid for key, openid in applied.items() if key not in desired and key[1] in by_id}
    tag = {key: openid for key, openid in desired.items() if key not in applied}
    return [*_batches(untag, by_id, False), *_batches(tag, by_id, True)]


def _applied(follower_ids):
    query = select(FollowerTag.follower_id, FollowerTag.tag_id, Follower.openid).join(
        Follower, Follower.id == FollowerTag.follower_id
    )
    return {(f, t): o for f, t, o in db.session.execute(_only(follower_ids)(query))}


def _batches(pairs, tags, tagging):
    by_tag = {}
    for (follower_id, tag_id), openid in sorted(pairs.items()):
        by_tag.setdefault(tag_id, []).append((follower_id, openid))
    for tag_id, followers in by_tag.items():
        for start in range(0, len(followers), BATCH):
            yield Batch(tags[tag_id], tagging, tuple(followers[start : start + BATCH]))


def record_batch(batch, follower_ids=None):
    """WeChat carried out `batch` (for `follower_ids` of it, when only some): recorded as done."""
    ids = [f for f, _ in batch.followers] if follower_ids is None else list(follower_ids)
    if not ids:
        return
    if batch.tagging:
        db.session.execute(insert(FollowerTag), [{"follower_id": f, "tag_id": batch.tag.id} for f in ids])
    else:
        condition = FollowerTag.follower_id.in_(ids)
        db.session.execute(delete(FollowerTag).where(FollowerTag.tag_id == batch.tag.id, condition))
    db.session.flush()


# For pushes
def tag_for_audience(kind, ref_id):
    """WeChat's tag id for the followers of `kind` ("topic", "category", "county") and `ref_id`, when
    WeChat's members of it are exactly the followers our records name; else None (not made, or a
    change not yet synced, or a follower WeChat refused): send to `followers_for` as openid lists."""
    row = db.session.execute(select(WechatTag).filter_by(kind=kind, ref_id=ref_id)).scalar_one_or_none()
    if row is None or row.wechat_id is None:
        return None
    members = {f for f, _, _, _ in desired_refs(kind=kind, ref_id=ref_id)}
    applied = set(db.session.scalars(select(FollowerTag.follower_id).filter_by(tag_id=row.id)))
    return row.wechat_id if members == applied else None


def wechat_tag_id(kind, ref_id):
    """WeChat's id of our tag for `kind` and `ref_id`, in step or not; None while it is not made."""
    return db.session.scalar(select(WechatTag.wechat_id).filter_by(kind=kind, ref_id=ref_id))


def followers_for(kind, ref_id):
    """The openids of the followers of `kind` and `ref_id` by our records (sorted), whether or not
    the tag is made: for openid-list sends and for combining audiences."""
    return sorted({openid for _, openid, _, _ in desired_refs(kind=kind, ref_id=ref_id)})
