"""What the appointment (预约办事) endpoints read and answer: services, the days and slots with
places left, and the caller's bookings.

Times travel as ISO 8601 with their offset (China time, +08:00); a start sent without an offset is
read as China time. Dates are YYYY-MM-DD.
"""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from models.appointment import (
    BOOKING_STATE_NAMES,
    BOOKING_STATES,
    CHANNEL_NAMES,
    CHANNELS,
    REGISTRATION_NEEDS,
)
from models.types import utcnow
from server.api.fields import Day, Id, Stamp, Text, documented
from server.api.texts import APPOINTMENT_LABELS, REGISTRATION_NAMES
from server.operations.appointments.slots import when
from server.timezone import LOCAL, local

SUBSCRIBE_KEYS = ("miniapp_appointment", "miniapp_reminder")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?")
YEARS = range(2000, 2101)  # far beyond any window; keeps date arithmetic away from year 1 and 9999
RANGE_DAYS = 31


def _date(raw):
    """YYYY-MM-DD only (no week dates, no timestamps), of a year the calendar can reason about."""
    if not isinstance(raw, str) or not DATE.fullmatch(raw):
        raise ValueError("date")
    day = date.fromisoformat(raw)
    if day.year not in YEARS:
        raise ValueError("year")
    return day


def _moment(raw):
    """An ISO 8601 time, in UTC; China time when it has no offset."""
    if not isinstance(raw, str) or not MOMENT.fullmatch(raw):
        raise ValueError("time")
    moment = datetime.fromisoformat(raw)
    if moment.year not in YEARS:
        raise ValueError("year")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    return moment.astimezone(UTC)


def _distinct(keys):
    return list(dict.fromkeys(keys))


DateText = Annotated[
    date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]
Moment = Annotated[
    datetime,
    BeforeValidator(_moment),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
SubscribeKey = Literal[SUBSCRIBE_KEYS]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labels: ClassVar[dict] = APPOINTMENT_LABELS


class Query(BaseModel):
    labels: ClassVar[dict] = APPOINTMENT_LABELS


class ServiceListQuery(Query):
    station_id: Id | None = Field(None, description="只列出这个服务站可预约的事项", examples=[7])


class AvailabilityQuery(Query):
    station_id: Id = Field(description="服务站，见 GET /services?station_id= 或 GET /stations", examples=[7])
    from_: DateText | None = Field(None, alias="from", description="开始日期，默认今天")
    to: DateText | None = Field(
        None, description=f"结束日期（含），默认开始日期后的可预约期；最多{RANGE_DAYS}天"
    )


class BookingRequest(Body):
    service_id: Id = Field(description="服务事项，见 GET /services", examples=[1])
    station_id: Id = Field(description="办理的服务站", examples=[7])
    start: Moment = Field(
        description="所选时段的开始时间（见可预约时段的 start），如 2026-12-08T09:30:00+08:00"
    )
    subscribed: Annotated[list[SubscribeKey], Field(max_length=4), AfterValidator(_distinct)] = Field(
        default_factory=list,
        description="用户在 wx.requestSubscribeMessage 中同意的订阅消息：miniapp_appointment 预约结果、"
        "miniapp_reminder 前一天的提醒；未同意的不发",
    )


class BookingMove(Body):
    start: Moment = Field(description="新时段的开始时间（同一服务站、同一事项）")


class BookingCancel(Body):
    reason: Text | None = documented(maxLength=200, description="取消原因（可不填）")


class Service(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["政策咨询"])
    minutes: int = Field(description="大约办理时长（分钟）")
    materials: list[str] = Field(description="需携带的材料", examples=[["身份证", "退役证"]])
    registration_needed: Literal[REGISTRATION_NEEDS] = Field(
        description="none 无需登记；submitted 需先提交登记；approved 需登记审核通过"
    )
    registration_needed_name: Literal[tuple(REGISTRATION_NAMES.values())]

    @classmethod
    def of(cls, service):
        return cls(
            id=service.id,
            name=service.name,
            minutes=service.minutes,
            materials=service.material_list,
            registration_needed=service.registration_needed,
            registration_needed_name=REGISTRATION_NAMES[service.registration_needed],
        )


class ServiceList(BaseModel):
    """可网上预约的服务事项"""

    items: list[Service]


class Slot(BaseModel):
    start: Stamp
    end: Stamp
    time: str = Field(description="开始时刻（北京时间）", examples=["09:30"])
    places: int = Field(description="网上可预约的名额")
    remaining: int = Field(description="剩余名额；0 为已约满或已停止预约")

    @classmethod
    def of(cls, slot):
        start = local(slot.starts_at)
        return cls(
            start=start,
            end=local(slot.ends_at),
            time=f"{start:%H:%M}",
            places=slot.places,
            remaining=slot.remaining,
        )


class AvailableDay(BaseModel):
    date: Day
    label: str = Field(examples=["12月8日 周二"])
    remaining: int = Field(description="当天剩余名额合计")
    slots: list[Slot]


class Availability(BaseModel):
    """可预约的日期和时段（只含服务站开放、在可预约期内的日期）"""

    service_id: int
    station_id: int
    days: list[AvailableDay]


class NamedRef(BaseModel):
    id: int
    name: str


class BookingStation(BaseModel):
    id: int
    name: str = Field(examples=["甲一甲村站"])
    address: str | None
    phone: str | None


class BookingAbilities(BaseModel):
    """本人现在可以做的操作"""

    cancel: bool = Field(description="可以取消（预约时间前的截止时间之前）")
    move: bool = Field(description="可以改约")
    code: bool = Field(description="有签到码（已预约、未签到）")


class Booking(BaseModel):
    id: int = Field(examples=[1])
    service: NamedRef
    station: BookingStation
    start: Stamp
    end: Stamp
    day: Day
    when: str = Field(examples=["12月8日 周二 09:30"])
    state: Literal[BOOKING_STATES] = Field(
        description="booked 已预约、checked_in 已签到、done 已完成、cancelled 已取消、no_show 爽约"
    )
    state_name: Literal[tuple(BOOKING_STATE_NAMES.values())]
    channel: Literal[CHANNELS]
    channel_name: Literal[tuple(CHANNEL_NAMES.values())]
    materials: list[str] = Field(description="需携带的材料")
    cancel_until: Stamp = Field(description="网上取消或改约的截止时间")
    cancel_reason: str | None
    moved_to_id: int | None = Field(description="改约后的新预约")
    can: BookingAbilities

    @classmethod
    def of(cls, booking, now=None):
        now = now or utcnow()
        until = booking.starts_at - timedelta(hours=booking.schedule.cutoff_hours)
        open_ = booking.state == "booked"
        station = booking.station
        return cls(
            id=booking.id,
            service=NamedRef(id=booking.service_id, name=booking.service.name),
            station=BookingStation(
                id=station.id, name=station.name, address=station.address, phone=station.phone
            ),
            start=local(booking.starts_at),
            end=local(booking.ends_at),
            day=booking.day,
            when=when(booking.starts_at),
            state=booking.state,
            state_name=booking.state_name,
            channel=booking.channel,
            channel_name=booking.channel_name,
            materials=booking.service.material_list,
            cancel_until=local(until),
            cancel_reason=booking.cancel_reason,
            moved_to_id=booking.moved_to_id,
            can=BookingAbilities(cancel=open_ and now < until, move=open_ and now < until, code=open_),
        )


class BookingList(BaseModel):
    """本人的预约，由近到远（新的在前）"""

    items: list[Booking]


class NearestSlot(BaseModel):
    start: Stamp
    when: str = Field(examples=["12月8日 周二 10:00"])


INPUTS = [BookingRequest, BookingMove, BookingCancel]
OUTPUTS = [Service, ServiceList, Availability, Booking, BookingList, NearestSlot]
