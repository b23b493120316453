"""What the request (诉求) endpoints read and answer: the caller's own data, the public timeline,
the attachments.

Staff appear by their station's name, never their own: the person deals with the station, and a
clerk's name is not theirs to collect. The person reads their own texts as written: an ID number or
mobile stored masked shows whole here.
"""

import re
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from models.request import CHANNEL_NAMES, CHANNELS, EVENT_KINDS, RATINGS, STATE_NAMES, TRACK_NAMES, TRACKS
from server.api.fields import Day, Flag, Id, Record, Stamp, Text, documented
from server.api.texts import EVENT_KIND_NAMES, EVENT_KIND_OTHER, PERSON_ACTOR, REQUEST_LABELS, SYSTEM_ACTOR
from server.operations.core.free_text import originals_of
from server.operations.service_requests.attachments import ACCEPTED, KIND_NAMES, attachments_of
from server.operations.service_requests.events import public_timeline
from server.operations.service_requests.filing import CONTENT_LIMIT
from server.operations.service_requests.rating import can_rate

PAGE_SIZE, PAGE_MAX = 20, 50
MAX_CURSOR = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")
State = Literal[tuple(STATE_NAMES)]
# reviewing reads 复查中 or 复核中 on a request, 复查复核中 on a timeline entry
StateLabel = Literal[(*STATE_NAMES.values(), "复查中", "复核中")]
Rating = Literal[tuple(RATINGS)]
RatingName = Literal[tuple(RATINGS.values())]
Track = Literal[tuple(TRACKS)]
TrackName = Literal[tuple(TRACK_NAMES.values())]
Kind = Literal[tuple(ACCEPTED)]
RATING_KINDS = "satisfied 满意、fair 基本满意、unsatisfied 不满意"


class Body(BaseModel):
    """A JSON body of a request endpoint: unknown fields refused, fields named in Chinese."""

    model_config = ConfigDict(extra="forbid")
    labels: ClassVar[dict] = REQUEST_LABELS


class RequestFiling(Body):
    category_id: Id = Field(
        description="诉求类别，见 GET /request-categories（也接受数字字符串）", examples=[1]
    )
    content: Text = Field(
        json_schema_extra={
            "minLength": 5,
            "maxLength": CONTENT_LIMIT,
            "description": f"诉求内容，5-{CONTENT_LIMIT}字",
        }
    )
    title: Text | None = documented(
        minLength=2, maxLength=100, description="标题，2-100字；不填取内容的第一行"
    )
    station_id: Id | None = Field(
        None, description="受理的村（社区）服务站，见 GET /stations。未登记的必填；已登记的由登记的服务站受理"
    )
    allow_duplicate: Flag = Field(
        False, description="近期已有同类未办结诉求时（409，code 为 duplicate）仍然提交新的诉求"
    )


class RequestMessage(Body):
    text: Text = Field(
        json_schema_extra={"minLength": 1, "maxLength": CONTENT_LIMIT, "description": "补充的内容"}
    )


class RequestWithdrawal(Body):
    reason: Text | None = documented(maxLength=200, description="撤回原因（可不填）")


class RequestRating(Body):
    rating: Text = Field(json_schema_extra={"enum": list(RATINGS), "description": RATING_KINDS})
    comment: Text | None = documented(maxLength=500, description="评价意见（可不填）")


class AttachmentUpload(BaseModel):
    # multipart/form-data, read in server/api/service_requests.py, which names what is missing

    file: bytes = Field(description="文件内容（按内容识别类型，不看文件名）")
    kind: Kind = Field(description="image 图片（≤10MB）、voice 语音（≤2MB）、file PDF文件（≤10MB）")


def _whole_number(raw):
    """The digits of a query parameter as a number; an empty cursor counts as none."""
    if raw == "":
        return None
    return int(raw) if isinstance(raw, str) and DIGITS.fullmatch(raw) else raw


class RequestListQuery(BaseModel):
    limit: Annotated[int, Field(ge=1, le=PAGE_MAX), Strict(), BeforeValidator(_whole_number)] = Field(
        PAGE_SIZE, description=f"每页条数，默认{PAGE_SIZE}", examples=[10]
    )
    cursor: Annotated[
        int | None,
        Field(ge=1, le=MAX_CURSOR),
        Strict(),
        BeforeValidator(_whole_number),
        WithJsonSchema({"type": "string", "pattern": f"^[0-9]{{1,{len(str(MAX_CURSOR))}}}$"}),
    ] = Field(None, description="上一页返回的 next_cursor", examples=["1"])


class RequestCategory(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["困难帮扶"])
    track: Track = Field(description="service 服务诉求；petition 信访事项（按《信访工作条例》办理）")
    track_name: TrackName
    first_response_days: int = Field(description="首次答复时限（工作日）")
    resolution_days: int = Field(description="办结时限（工作日）")

    @classmethod
    def of(cls, category):
        return cls(
            id=category.id,
            name=category.name,
            track=category.track,
            track_name=TRACK_NAMES[category.track],
            first_response_days=category.first_response_days,
            resolution_days=category.resolution_days,
        )


class RequestCategoryList(BaseModel):
    """在用的诉求类别"""

    items: list[RequestCategory]


class CategoryName(Record):
    id: int
    name: str = Field(examples=["困难帮扶"])


class HandlingStation(Record):
    """承办的服务站"""

    id: int
    name: str = Field(examples=["西湖村退役军人服务站"])


class RequestSummary(BaseModel):
    number: str = Field(description="诉求编号", examples=["2026-0001234"])
    title: str
    category: CategoryName
    track: Track
    track_name: TrackName
    state: State = Field(description="办理状态")
    state_name: StateLabel
    station: HandlingStation
    created_at: Stamp
    respond_due_on: Day | None = Field(description="首次答复的期限（工作日历）")
    due_on: Day | None = Field(description="当前办理环节的期限（受理、办结或复查）")
    rating: Rating | None = Field(description=f"本人的评价：{RATING_KINDS}")
    rating_name: RatingName | None

    @classmethod
    def of(cls, request, originals=None):
        """One line of the caller's list; `originals` (free_text.originals_of) of the whole list, if read."""
        return cls(**_summary(request, originals_of([request]) if originals is None else originals))


class RequestPage(BaseModel):
    """本人的诉求，由新到旧"""

    items: list[RequestSummary] = Field(max_length=PAGE_MAX)
    next_cursor: str | None = Field(description="下一页的 cursor；没有更多时为 null")


class EventActor(BaseModel):
    role: Literal["person", "staff", "system"]
    name: str = Field(
        description=f"工作人员显示为所在服务站的名称；本人为“{PERSON_ACTOR}”，系统为“{SYSTEM_ACTOR}”"
    )


class RequestEvent(BaseModel):
    id: int
    kind: Literal[tuple(EVENT_KINDS)]
    kind_name: Literal[(*EVENT_KIND_NAMES.values(), EVENT_KIND_OTHER)]
    text: str | None = Field(description="内容：答复、补充、状态变更的说明、评价意见…")
    actor: EventActor
    state: State | None = Field(description="状态变更后的状态（kind 为 state 时）")
    state_name: Literal[tuple(STATE_NAMES.values())] | None
    rating: Rating | None = Field(description="评价（kind 为 rating 时）")
    attachment_id: int | None = Field(description="新增的附件（kind 为 attachment 时）")
    created_at: Stamp

    @classmethod
    def of(cls, entry):
        event, data = entry.event, entry.event.data or {}
        state = data.get("to") if event.kind == "state" else None
        return cls(
            id=event.id,
            kind=event.kind,
            kind_name=EVENT_KIND_NAMES.get(event.kind, EVENT_KIND_OTHER),
            text=entry.text,
            actor=EventActor(role=entry.by, name=_actor_name(entry)),
            state=state,
            state_name=STATE_NAMES.get(state),
            rating=data.get("rating") if event.kind == "rating" else None,
            attachment_id=data.get("attachment_id") if event.kind == "attachment" else None,
            created_at=event.created_at,
        )


class Attachment(BaseModel):
    id: int
    kind: Kind = Field(description="image 图片、voice 语音、file PDF文件")
    kind_name: Literal[tuple(KIND_NAMES.values())]
    state: Literal["pending", "stored", "refused", "failed"] = Field(
        description="pending 待取回、stored 已保存、refused 类型或大小不符、failed 未能从微信取回"
    )
    content_type: str | None = Field(description="按文件内容识别的类型", examples=["image/jpeg"])
    size: int | None = Field(description="字节数")
    error: str | None = Field(description="未保存的原因")
    created_at: Stamp

    @classmethod
    def of(cls, attachment):
        return cls(
            id=attachment.id,
            kind=attachment.kind,
            kind_name=KIND_NAMES[attachment.kind],
            state=attachment.state,
            content_type=attachment.content_type,
            size=attachment.size,
            error=attachment.error,
            created_at=attachment.created_at,
        )


class Abilities(BaseModel):
    """本人现在可以做的操作"""

    message: bool = Field(description="可以补充内容")
    attach: bool = Field(description="可以上传附件")
    withdraw: bool = Field(description="可以撤回")
    rate: bool = Field(description="可以评价（办结后、尚未评价）")


class Request(RequestSummary):
    # The detail page: the summary, what was asked, what may be done now, the public timeline.

    content: str = Field(
        description="诉求内容，与本人提交时一致（其中的身份证号、手机号加密保存，工作人员看到的隐去部分数字）"
    )
    channel: Literal[tuple(CHANNELS)] = Field(description="提交渠道")
    channel_name: Literal[tuple(CHANNEL_NAMES.values())]
    resolved_at: Stamp | None
    closed_at: Stamp | None
    rating_comment: str | None
    rated_at: Stamp | None
    can: Abilities
    timeline: list[RequestEvent] = Field(description="公开的办理过程，由早到晚")
    attachments: list[Attachment]

    @classmethod
    def of(cls, request):
        originals = originals_of([request])
        return cls(
            **_summary(request, originals),
            content=originals(request, "content"),
            channel=request.channel,
            channel_name=request.channel_name,
            resolved_at=request.resolved_at,
            closed_at=request.closed_at,
            rating_comment=originals(request, "rating_comment"),
            rated_at=request.rated_at,
            can=Abilities(
                message=request.is_open,
                attach=request.is_open,
                withdraw=request.is_open,
                rate=can_rate(request),
            ),
            timeline=[RequestEvent.of(entry) for entry in public_timeline(request)],
            attachments=[Attachment.of(a) for a in attachments_of(request)],
        )


def _summary(request, originals):
    return {
        "number": request.number,
        "title": originals(request, "title"),
        "category": request.category,
        "track": request.track,
        "track_name": request.track_name,
        "state": request.state,
        "state_name": request.state_name,
        "station": request.station,
        "created_at": request.created_at,
        "respond_due_on": request.respond_due_on,
        "due_on": request.due_on,
        "rating": request.rating,
        "rating_name": RATINGS.get(request.rating),
    }


def _actor_name(entry):
    return {"staff": entry.station_name, "person": PERSON_ACTOR}.get(entry.by, SYSTEM_ACTOR)


INPUTS = [RequestFiling, RequestMessage, RequestWithdrawal, RequestRating, AttachmentUpload]
OUTPUTS = [
    RequestCategory,
    RequestCategoryList,
    RequestSummary,
    RequestPage,
    Request,
    RequestEvent,
    Attachment,
]
