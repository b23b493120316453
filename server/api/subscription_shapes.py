"""What the subscription endpoints read and answer: the caller's topics (订阅推送)."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from server.api.fields import Id, Record
from server.api.texts import SUBSCRIPTION_LABELS
from server.operations.policies.subscriptions import MASS_SENDS_A_MONTH, MAX_TOPICS, TAPS_AT_ONCE


class SubscriptionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labels: ClassVar[dict] = SUBSCRIPTION_LABELS

    topic_ids: list[Id] = Field(
        max_length=MAX_TOPICS,
        description="要订阅的全部专题（见 GET /subscriptions 的 topics），不在列表中的即退订；"
        "空列表为取消全部。重复的 id 只算一次；不存在或已停用的专题答 422。",
        examples=[[1, 3]],
    )
    policy_notice_taps_granted: StrictInt = Field(
        default=0,
        ge=0,
        le=TAPS_AT_ONCE,
        description="本次用户在“政策更新提醒”订阅消息（wx.requestSubscribeMessage）上点了几次“允许”："
        "每次允许可收到一条政策推送的订阅消息，累加到 policy_notice_taps。未询问或用户拒绝时为 0 或不填。",
        examples=[1],
    )


class SubscribedTopic(Record):
    id: int = Field(examples=[1])
    name: str = Field(examples=["就业创业"])
    subscribed: bool = Field(description="本人是否已订阅")


class Subscriptions(BaseModel):
    """本人的政策专题订阅"""

    topic_ids: list[int] = Field(description="已订阅的专题，按专题顺序", examples=[[1, 3]])
    topics: list[SubscribedTopic] = Field(description="可以订阅的全部专题（使用中），按顺序")
    monthly_limit: int = Field(
        description="按微信规定，服务号每月最多向每位关注者群发的消息数：每月最多收到这么多条政策推送",
        examples=[MASS_SENDS_A_MONTH],
    )
    policy_notice_taps: int = Field(
        description="还能以小程序订阅消息收到的政策推送条数（每次允许一条，收到即用掉一条）；"
        "只使用小程序、未关注服务号的人靠它收到政策推送",
        examples=[1],
    )


INPUTS, OUTPUTS = [SubscriptionUpdate], [Subscriptions]
