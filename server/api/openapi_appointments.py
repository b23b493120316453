"""The OpenAPI paths of the appointment (预约办事) and station event (活动报名) endpoints, their error
answers and examples; server/api/openapi.py merges them in.

The examples name what the schemathesis run sets up for its caller (tests/server/api/
test_openapi.py): service 1 at station 7, the caller's booking 1, event 1 open to sign up and event 2
the caller signed up for. The example times name the next working days, worked out when the document
is served (`with_current_examples`), so they stay bookable.
"""

import copy
from datetime import datetime, time, timedelta

from pydantic import BaseModel, Field

from models.types import utcnow
from server.api.appointment_shapes import (
    RANGE_DAYS,
    Availability,
    AvailabilityQuery,
    Booking,
    BookingCancel,
    BookingList,
    BookingMove,
    BookingRequest,
    NearestSlot,
    ServiceList,
    ServiceListQuery,
)
from server.api.fields import MAX_ID
from server.api.idempotency import HEADER, REPLAYED
from server.api.openapi_parts import error, json_body, ok, operation, query_parameters, ref
from server.api.openapi_responses import ErrorDetail, error_response
from server.api.station_event_shapes import Event, EventList, EventListQuery, EventSignupRequest
from server.operations.core.calendar import WorkingCalendar
from server.timezone import LOCAL, local_date

EXAMPLE_SERVICE_ID, EXAMPLE_STATION_ID, EXAMPLE_BOOKING_ID = 1, 7, 1
EXAMPLE_EVENT_ID, SIGNED_UP_EXAMPLE_EVENT_ID = 1, 2
EXAMPLE_KEY = "5f0c2b7e-8d1a-4c3e-9b6f-2a7d4e1c8b90"
WRITES = "每个登录每分钟最多写入30次。"
IDEMPOTENT = (
    f"可带请求头 {HEADER}（如 UUID）：同一个键、同样的内容再次提交时，返回第一次成功的应答（状态码与内容，"
    f"应答头 {REPLAYED}: true），不会重复办理；"
    "同一个键用于不同内容的请求答 422（code 为 idempotency_key_reused）。"
    "失败的请求不保存，可以用同一个键重试。键保存24小时。"
)


class BookingConflictDetail(ErrorDetail):
    nearest: list[NearestSlot] = Field(
        default_factory=list, description="时段已约满时（code 为 slot_full）：最近的可预约时段，由近到远"
    )


class BookingConflictError(BaseModel):
    error: BookingConflictDetail


OUTPUTS = [BookingConflictError]


def example_days(count, calendar=None, today=None):
    """The first `count` working days after today, China time."""
    day, days = today or local_date(utcnow()), []
    while len(days) < count:
        day += timedelta(days=1)
        if calendar is None and day.weekday() < 5 or calendar is not None and calendar.is_working_day(day):
            days.append(day)
    return days


def example_start(day, hour=9):
    return datetime.combine(day, time(hour), LOCAL).isoformat()


KEY_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "幂等键：同一个键的重复提交只办理一次",
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,80}$"},
    "example": EXAMPLE_KEY,
}


def id_parameter(name, description, example):
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "example": example,
    }


BOOKING_ID = id_parameter("booking_id", "预约 id（见 GET /bookings）", EXAMPLE_BOOKING_ID)
WRITE_ERRORS = {"400": error("BadRequest"), "413": error("PayloadTooLarge"), "429": error("TooManyRequests")}


def write(operation_id, tag, summary, description, responses, parameters, body, invalid="ValidationFailed"):
    """A POST of the caller's: rate limited, idempotent with a key, answering 422 for bad fields."""
    extra = {"requestBody": body} if body is not None else {}
    return operation(
        operation_id,
        tag,
        summary,
        {**responses, **WRITE_ERRORS, "422": error(invalid)},
        description + IDEMPOTENT + WRITES,
        secured=True,
        parameters=[*parameters, KEY_PARAMETER],
        **extra,
    )


def _optional(body):
    return {**body, "required": False}


_days = example_days(3)
EXAMPLE_BOOKING = {
    "service_id": EXAMPLE_SERVICE_ID,
    "station_id": EXAMPLE_STATION_ID,
    "start": example_start(_days[1]),
    "subscribed": ["miniapp_appointment", "miniapp_reminder"],
}

BOOK = write(
    "book",
    "预约",
    "预约办事",
    "从 GET /services/{id}/availability 中选一个 remaining 大于0的时段。时段已约满答 409（code 为 slot_full，"
    "nearest 列出最近的可预约时段）；同一事项每天只能预约一次、未办理的预约最多3个、多次爽约暂停网上预约，"
    "也答 409。已过去或不开放的日期、服务站不办理的事项、格式不对的时间答 422，fields 指出字段。",
    {"201": ok("预约成功", ref(Booking)), "409": error("BookingConflict")},
    [],
    json_body(BookingRequest, EXAMPLE_BOOKING),
    invalid="BookingValidationFailed",
)

APPOINTMENT_PATHS = {
    "/services": {
        "get": operation(
            "listServices",
            "预约",
            "可预约的服务事项",
            {
                "200": ok("事项、所需材料、办理时长、是否需要先登记", ref(ServiceList)),
                "400": error("BadRequest"),
            },
            "带 station_id 时只列出该服务站可预约的事项。",
            secured=True,
            parameters=query_parameters(ServiceListQuery),
        )
    },
    "/services/{service_id}/availability": {
        "get": operation(
            "serviceAvailability",
            "预约",
            "可预约的日期和时段",
            {
                "200": ok("服务站开放的日期及每个时段的剩余名额", ref(Availability)),
                "400": error("AvailabilityBadRequest"),
                "404": error("ServiceNotFound"),
            },
            f"from、to 为 YYYY-MM-DD（北京时间），最多{RANGE_DAYS}天；"
            f"格式不对、to 早于 from 或超过{RANGE_DAYS}天答 400，"
            "fields 指出参数。只返回可预约期内、服务站开放的日期（节假日、调休、服务站停办的日期不返回）。",
            secured=True,
            parameters=[
                id_parameter("service_id", "服务事项 id（见 GET /services）", EXAMPLE_SERVICE_ID),
                *query_parameters(AvailabilityQuery),
            ],
        )
    },
    "/bookings": {
        "get": operation(
            "listBookings",
            "预约",
            "我的预约",
            {"200": ok("本人的预约，新的在前", ref(BookingList))},
            "包括在服务号中的预约（同一人登记后）。",
            secured=True,
        ),
        "post": BOOK,
    },
    "/bookings/{booking_id}/cancel": {
        "post": write(
            "cancelBooking",
            "预约",
            "取消预约",
            "在预约时间前的截止时间（cancel_until）之前可以取消，名额退回；之后答 409，请电话联系服务站。",
            {
                "200": ok("已取消的预约", ref(Booking)),
                "404": error("BookingNotFound"),
                "409": error("BookingInvalidState"),
            },
            [BOOKING_ID],
            _optional(json_body(BookingCancel, {"reason": "临时有事"})),
            invalid="BookingValidationFailed",
        )
    },
    "/bookings/{booking_id}/move": {
        "post": write(
            "moveBooking",
            "预约",
            "改约到同一服务站、同一事项的另一个时段",
            "先占新时段的名额再退回原时段的；新时段已满答 409（nearest 列出最近的可预约时段），原预约不变。"
            "应答为新的预约（新 id），原预约为已取消、moved_to_id 指向新预约。截止时间后答 409。",
            {
                "200": ok("改约后的新预约", ref(Booking)),
                "404": error("BookingNotFound"),
                "409": error("BookingConflict"),
            },
            [BOOKING_ID],
            json_body(BookingMove, {"start": example_start(_days[2])}),
            invalid="BookingValidationFailed",
        )
    },
    "/bookings/{booking_id}/code": {
        "get": operation(
            "bookingCode",
            "预约",
            "签到二维码",
            {
                "200": {
                    "description": "签到二维码（PNG）；只在预约当天有效，不含个人信息",
                    "headers": {
                        "X-Checkin-Code": {
                            "description": "6位签到码，可报给工作人员输入",
                            "schema": {"type": "string"},
                        },
                        "X-Checkin-Token": {"description": "二维码的内容", "schema": {"type": "string"}},
                    },
                    "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                },
                "404": error("BookingNotFound"),
                "409": error("BookingInvalidState"),
            },
            "到站后出示二维码，或报出应答头 X-Checkin-Code 中的6位签到码。已取消、已签到等状态的预约答 409。",
            secured=True,
            parameters=[BOOKING_ID],
        )
    },
    "/events": {
        "get": operation(
            "listEvents",
            "活动",
            "可报名的活动",
            {"200": ok("可报名的活动和本人已报名的活动", ref(EventList)), "400": error("BadRequest")},
            "已登记的按登记的服务站（及其上级）列出；"
            "未登记的带 station_id 选择服务站，不带时只列出本人已报名的活动。",
            secured=True,
            parameters=query_parameters(EventListQuery),
        )
    },
    "/events/{event_id}/signup": {
        "post": write(
            "signUpForEvent",
            "活动",
            "报名活动",
            "名额已满时进入候补（signup.state 为 waitlisted，waitlist_position 为排位），"
            "有人取消时按顺序递补并通知；"
            "不设候补的活动名额满、已报名过答 409；不在报名范围内答 400；报名截止或活动取消答 409。",
            {
                "201": ok("报名结果", ref(Event)),
                "404": error("EventNotFound"),
                "409": error("EventInvalidState"),
            },
            [id_parameter("event_id", "活动 id（见 GET /events）", EXAMPLE_EVENT_ID)],
            _optional(json_body(EventSignupRequest, {"subscribed": ["miniapp_appointment"]})),
        )
    },
    "/events/{event_id}/cancel": {
        "post": write(
            "cancelEventSignup",
            "活动",
            "取消本人的报名",
            "已报名或候补中的可以取消；取消正式名额后，候补第一位自动递补。没有报名答 404。",
            {
                "200": ok("取消后的活动和本人的报名", ref(Event)),
                "404": error("EventNotFound"),
                "409": error("EventInvalidState"),
            },
            [id_parameter("event_id", "活动 id（见 GET /events）", SIGNED_UP_EXAMPLE_EVENT_ID)],
            None,
        )
    },
}

APPOINTMENT_RESPONSES = {
    "ServiceNotFound": error_response("没有这项服务事项", "not_found", "没有这项服务事项。"),
    "AvailabilityBadRequest": error_response(
        "参数格式不正确，或日期范围不对：fields 指出参数",
        "bad_request",
        f"一次最多查询{RANGE_DAYS}天，请缩短日期范围",
        {"to": f"一次最多查询{RANGE_DAYS}天，请缩短日期范围"},
    ),
    "BookingValidationFailed": error_response(
        "字段校验失败：fields 列出每个出错的字段",
        "validation_failed",
        "所选时间不可预约：请选择可预约日期内、服务站办公时间中的时段。",
        {"start": "所选时间不可预约：请选择可预约日期内、服务站办公时间中的时段。"},
    ),
    "BookingConflict": error_response(
        "时段已约满（code 为 slot_full，nearest 为最近的可预约时段），"
        "或同一事项当天已预约、未办理的预约已达上限、暂停网上预约",
        "slot_full",
        "所选时段已约满，最近可预约的时间：12月8日 周二 10:00。",
        {"start": "所选时段已约满，最近可预约的时间：12月8日 周二 10:00。"},
        shape=BookingConflictError,
        nearest=[{"start": "2026-12-08T10:00:00+08:00", "when": "12月8日 周二 10:00"}],
    ),
    "BookingNotFound": error_response("没有这个预约（或不是本人的）", "not_found", "没有找到这个预约。"),
    "BookingInvalidState": error_response(
        "预约当前的状态或时间不允许此操作",
        "invalid_state",
        "距预约时间不足2小时，已不能在网上取消或改约，请电话联系服务站：0571-88000000。",
    ),
    "EventNotFound": error_response("没有这个活动，或本人没有报名", "not_found", "没有找到这个活动。"),
    "EventInvalidState": error_response(
        "报名已截止、活动已取消、名额已满或已报名", "conflict", "您已报名该活动（已报名）。"
    ),
}


def with_current_examples(document):
    """The document with its example times on the next working days by the working calendar."""
    days = example_days(3, WorkingCalendar.load())
    fresh = copy.deepcopy(document)
    paths = fresh["paths"]
    _example_of(paths["/bookings"]["post"])["start"] = example_start(days[1])
    _example_of(paths["/bookings/{booking_id}/move"]["post"])["start"] = example_start(days[2])
    return fresh


def _example_of(spec):
    return spec["requestBody"]["content"]["application/json"]["example"]
