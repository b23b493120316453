"""What the station event (活动报名) endpoints read and answer: the events open to the caller, each
with the caller's own sign-up (or place in line)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from models.station_event import KIND_NAMES, KINDS, SIGNUP_STATE_NAMES, SIGNUP_STATES
from server.api.appointment_shapes import Body, Query, SubscribeKey, _distinct
from server.api.fields import Id, Stamp
from server.operations.appointments.station_events import waitlist_position
from server.timezone import local


class EventListQuery(Query):
    station_id: Id | None = Field(
        None, description="未登记的用户选择的服务站；已登记的按登记的服务站列出", examples=[7]
    )


class EventSignupRequest(Body):
    subscribed: Annotated[list[SubscribeKey], Field(max_length=4), AfterValidator(_distinct)] = Field(
        default_factory=list,
        description="用户同意的订阅消息（miniapp_appointment 报名结果、递补通知；"
        "miniapp_reminder 活动前一天的提醒）",
    )


class MySignup(BaseModel):
    """本人的报名"""

    id: int
    state: Literal[SIGNUP_STATES] = Field(
        description="signed_up 已报名、waitlisted 候补中、attended 已签到、cancelled 已取消、no_show 未到场"
    )
    state_name: Literal[tuple(SIGNUP_STATE_NAMES.values())]
    waitlist_position: int | None = Field(description="候补中时排第几位")

    @classmethod
    def of(cls, signup):
        waiting = signup.state == "waitlisted"
        return cls(
            id=signup.id,
            state=signup.state,
            state_name=signup.state_name,
            waitlist_position=waitlist_position(signup) if waiting else None,
        )


class EventStation(BaseModel):
    id: int
    name: str = Field(examples=["甲一街道站"])


class Event(BaseModel):
    id: int = Field(examples=[1])
    kind: Literal[KINDS]
    kind_name: Literal[tuple(KIND_NAMES.values())]
    title: str = Field(examples=["退役军人专场招聘会"])
    place: str
    description: str
    station: EventStation
    starts_at: Stamp
    ends_at: Stamp
    signup_until: Stamp = Field(description="报名截止时间")
    capacity: int = Field(description="名额")
    remaining: int = Field(description="剩余名额")
    waitlist: bool = Field(description="名额满后可以候补")
    signup: MySignup | None = Field(description="本人的报名；没有报名时为 null")

    @classmethod
    def of(cls, event, signup=None):
        return cls(
            id=event.id,
            kind=event.kind,
            kind_name=event.kind_name,
            title=event.title,
            place=event.place,
            description=event.description,
            station=EventStation(id=event.station.id, name=event.station.name),
            starts_at=local(event.starts_at),
            ends_at=local(event.ends_at),
            signup_until=local(event.signup_until),
            capacity=event.capacity,
            remaining=event.remaining,
            waitlist=event.waitlist,
            signup=MySignup.of(signup) if signup is not None else None,
        )


class EventList(BaseModel):
    """可报名的活动和本人已报名、尚未结束的活动，按开始时间排列"""

    items: list[Event]


INPUTS = [EventSignupRequest]
OUTPUTS = [Event, EventList]
