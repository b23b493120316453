"""Our tags at WeChat and which followers carry them (docs in server/operations/policies/tag_plan.py).

`WechatTag` is one planned tag: kind `topic` (subscribers of a PolicyTopic), `category` (followers
whose registration has that VeteranCategory) or `county` (followers whose station is in that
county-level station's subtree), `ref_id` the topic, category or station id. `wechat_id` is WeChat's
id once the tag is made there (None: not made yet, so not usable for a send).

`FollowerTag` is what WeChat has, as far as our calls succeeded: a row is written in the same
transaction that records a successful batchtagging call, and removed after batchuntagging. The tags a
follower should have are computed (tag_plan.desired_pairs); the sync applies the difference.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import BigId, UTCDateTime, utcnow

TAG_KINDS = ("topic", "category", "county")


class WechatTag(db.Model):
    __tablename__ = "wechat_tag"
    __table_args__ = (UniqueConstraint("kind", "ref_id", name="uq_wechat_tag_kind_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(BigId)
    name: Mapped[str] = mapped_column(String(30))
    wechat_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowerTag(db.Model):
    __tablename__ = "follower_tag"

    follower_id: Mapped[int] = mapped_column(ForeignKey("follower.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("wechat_tag.id", ondelete="CASCADE"), primary_key=True, index=True
    )
