"""Followers of the official account: created on follow, forgotten on unfollow; their unionid is
asked of WeChat once, in a job after the follow or their first message."""

from sqlalchemy import select, update

from models import Follower, ServiceRequest, db
from models.types import utcnow
from server.operations.messaging.inbound import forget_inbound
from server.operations.network.staff_binding import forget_staff_wechat
from server.operations.policies.subscriptions import ask_tag_sync, forget_follower_subscriptions
from server.operations.veterans.registrations import registration_for, unlink_follower
from server.outbox import after_commit

UNIONID_JOB = "server.jobs.followers.fetch_unionid"


def get_follower(openid):
    return db.session.execute(select(Follower).filter_by(openid=openid)).scalar_one_or_none()


def follow(openid, scene=None):
    """Create the follower, or reactivate it if it already exists."""
    follower = get_follower(openid) or Follower(openid=openid)
    follower.subscribed_at = utcnow()
    if scene:
        follower.scene = scene[:64]
    db.session.add(follower)
    db.session.flush()
    _fetch_unionid_once(follower)
    return follower


def note_message(openid):
    """A person wrote (not an event): the follower, made if WeChat's follow was missed, gets its
    unionid fetched unless that was done."""
    follower = get_follower(openid)
    if follower is None:
        return follow(openid)
    _fetch_unionid_once(follower)
    return follower


def _fetch_unionid_once(follower):
    if follower.info_fetched_at is None:
        after_commit(db.session, UNIONID_JOB, follower.id, job_id=f"follower-info-{follower.id}")


def record_unionid(follower, unionid):
    """WeChat's answer: the unionid (None when the account is not bound to an open-platform account)
    is kept on the follower and on their registration, where the mini-program looks it up. A record
    made in the mini-program with that unionid is linked to the follower, so the chat finds it and
    notices reach them."""
    follower.unionid, follower.info_fetched_at = unionid, utcnow()
    veteran = registration_for(openid=follower.openid, unionid=unionid)
    if veteran is not None and unionid:
        veteran.unionid = veteran.unionid or unionid
        veteran.openid = veteran.openid or follower.openid
    db.session.flush()


def unfollow(openid):
    """Delete what came from WeChat about this user; records the stations keep stay, unlinked."""
    unlink_follower(openid)
    forget_staff_wechat(openid)
    forget_inbound(openid)
    forget_follower_subscriptions(openid)  # and their tag rows go with the follower; WeChat has dropped them
    db.session.execute(update(ServiceRequest).where(ServiceRequest.openid == openid).values(openid=None))
    follower = get_follower(openid)
    if follower is not None:
        db.session.delete(follower)
    db.session.flush()


def bind_station(openid, station):
    """The follower belongs to `station` (they scanned its code); created if WeChat's follow was missed."""
    follower = get_follower(openid) or follow(openid)
    follower.station_id = station.id
    db.session.flush()
    ask_tag_sync(openid)  # the county tag
    return follower
