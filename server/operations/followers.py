"""Followers of the official account: created on follow, forgotten on unfollow."""

from sqlalchemy import select, update

from models import Follower, ServiceRequest, db
from models.types import utcnow
from server.operations.inbound import forget_inbound
from server.operations.registrations import unlink_follower
from server.operations.staff_binding import forget_staff_wechat


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
    return follower


def unfollow(openid):
    """Delete what came from WeChat about this user; records the stations keep stay, unlinked."""
    unlink_follower(openid)
    forget_staff_wechat(openid)
    forget_inbound(openid)
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
    return follower
