"""The OpenAPI components of the request (诉求) endpoints: their bodies, answers and error answers."""

from models.request import CHANNEL_NAMES, CHANNELS, EVENT_KINDS, RATINGS, STATE_NAMES, TRACK_NAMES, TRACKS
from server.api.openapi_schemas import ERROR, error_response, items_of, nullable, obj, ref
from server.api.profile_input import MAX_ID
from server.api.request_input import PAGE_MAX
from server.api.texts import EVENT_KIND_NAMES, EVENT_KIND_OTHER, PERSON_ACTOR, SYSTEM_ACTOR
from server.operations.service_requests.attachments import ACCEPTED, KIND_NAMES
from server.operations.service_requests.filing import CONTENT_LIMIT

STATES = list(STATE_NAMES)
# reviewing reads 复查中 or 复核中 on a request, 复查复核中 on a timeline entry
STATE_LABELS = [*STATE_NAMES.values(), "复查中", "复核中"]
ATTACHMENT_STATES = ["pending", "stored", "refused", "failed"]


def enum(values, **extra):
    return {"type": "string", "enum": list(values), **extra}


def nullable_enum(values, **extra):
    return nullable("string", enum=[*values, None], **extra)


def id_of(description, **extra):
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": description, **extra}


REQUEST_CATEGORY = obj(
    {
        "id": {"type": "integer", "example": 1},
        "name": {"type": "string", "example": "困难帮扶"},
        "track": enum(TRACKS, description="service 服务诉求；petition 信访事项（按《信访工作条例》办理）"),
        "track_name": enum(TRACK_NAMES.values()),
        "first_response_days": {"type": "integer", "description": "首次答复时限（工作日）"},
        "resolution_days": {"type": "integer", "description": "办结时限（工作日）"},
    }
)

REQUEST_FILING = obj(
    {
        "category_id": id_of("诉求类别，见 GET /request-categories（也接受数字字符串）", example=1),
        "content": {
            "type": "string",
            "minLength": 5,
            "maxLength": CONTENT_LIMIT,
            "description": f"诉求内容，5-{CONTENT_LIMIT}字",
        },
        "title": nullable(
            "string", minLength=2, maxLength=100, description="标题，2-100字；不填取内容的第一行"
        ),
        "station_id": {
            **id_of("受理的村（社区）服务站，见 GET /stations。未登记的必填；已登记的由登记的服务站受理"),
            "nullable": True,
        },
        "allow_duplicate": {
            "type": "boolean",
            "description": "近期已有同类未办结诉求时（409，code 为 duplicate）仍然提交新的诉求",
            "default": False,
        },
    },
    required=["category_id", "content"],
    additionalProperties=False,
)

SUMMARY_PROPERTIES = {
    "number": {"type": "string", "description": "诉求编号", "example": "2026-0001234"},
    "title": {"type": "string"},
    "category": obj({"id": {"type": "integer"}, "name": {"type": "string", "example": "困难帮扶"}}),
    "track": enum(TRACKS),
    "track_name": enum(TRACK_NAMES.values()),
    "state": enum(STATES, description="办理状态"),
    "state_name": enum(STATE_LABELS),
    "station": obj(
        {"id": {"type": "integer"}, "name": {"type": "string", "example": "西湖村退役军人服务站"}},
        description="承办的服务站",
    ),
    "created_at": {"type": "string", "format": "date-time"},
    "respond_due_on": nullable("string", format="date", description="首次答复的期限（工作日历）"),
    "due_on": nullable("string", format="date", description="当前办理环节的期限（受理、办结或复查）"),
    "rating": nullable_enum(
        RATINGS, description="本人的评价：satisfied 满意、fair 基本满意、unsatisfied 不满意"
    ),
    "rating_name": nullable_enum(RATINGS.values()),
}

ACTOR = obj(
    {
        "role": enum(["person", "staff", "system"]),
        "name": {
            "type": "string",
            "description": f"工作人员显示为所在服务站的名称；本人为“{PERSON_ACTOR}”，系统为“{SYSTEM_ACTOR}”",
        },
    }
)

REQUEST_EVENT = obj(
    {
        "id": {"type": "integer"},
        "kind": enum(EVENT_KINDS),
        "kind_name": enum([*EVENT_KIND_NAMES.values(), EVENT_KIND_OTHER]),
        "text": nullable("string", description="内容：答复、补充、状态变更的说明、评价意见…"),
        "actor": ACTOR,
        "state": nullable_enum(STATES, description="状态变更后的状态（kind 为 state 时）"),
        "state_name": nullable_enum(STATE_NAMES.values()),
        "rating": nullable_enum(RATINGS, description="评价（kind 为 rating 时）"),
        "attachment_id": nullable("integer", description="新增的附件（kind 为 attachment 时）"),
        "created_at": {"type": "string", "format": "date-time"},
    }
)

ATTACHMENT = obj(
    {
        "id": {"type": "integer"},
        "kind": enum(ACCEPTED, description="image 图片、voice 语音、file PDF文件"),
        "kind_name": enum(KIND_NAMES.values()),
        "state": enum(
            ATTACHMENT_STATES,
            description="pending 待取回、stored 已保存、refused 类型或大小不符、failed 未能从微信取回",
        ),
        "content_type": nullable("string", description="按文件内容识别的类型", example="image/jpeg"),
        "size": nullable("integer", description="字节数"),
        "error": nullable("string", description="未保存的原因"),
        "created_at": {"type": "string", "format": "date-time"},
    }
)

CONTENT_AS_TYPED = "诉求内容，与本人提交时一致（其中的身份证号、手机号加密保存，工作人员看到的隐去部分数字）"
REQUEST = obj(
    {
        **SUMMARY_PROPERTIES,
        "content": {"type": "string", "description": CONTENT_AS_TYPED},
        "channel": enum(CHANNELS, description="提交渠道"),
        "channel_name": enum(CHANNEL_NAMES.values()),
        "resolved_at": nullable("string", format="date-time"),
        "closed_at": nullable("string", format="date-time"),
        "rating_comment": nullable("string"),
        "rated_at": nullable("string", format="date-time"),
        "can": obj(
            {
                "message": {"type": "boolean", "description": "可以补充内容"},
                "attach": {"type": "boolean", "description": "可以上传附件"},
                "withdraw": {"type": "boolean", "description": "可以撤回"},
                "rate": {"type": "boolean", "description": "可以评价（办结后、尚未评价）"},
            },
            description="本人现在可以做的操作",
        ),
        "timeline": {
            "type": "array",
            "items": ref("RequestEvent"),
            "description": "公开的办理过程，由早到晚",
        },
        "attachments": {"type": "array", "items": ref("Attachment")},
    }
)

DUPLICATE_ERROR = obj(
    {
        "error": {
            **ERROR["properties"]["error"],
            "properties": {
                **ERROR["properties"]["error"]["properties"],
                "number": {"type": "string", "description": "近期同类诉求的编号", "example": "2026-0001234"},
            },
            "required": ["code", "message", "fields", "number"],
        }
    }
)

REQUEST_SCHEMAS = {
    "RequestCategory": REQUEST_CATEGORY,
    "RequestCategoryList": items_of(ref("RequestCategory"), "在用的诉求类别"),
    "RequestFiling": REQUEST_FILING,
    "RequestSummary": obj(SUMMARY_PROPERTIES),
    "RequestPage": obj(
        {
            "items": {"type": "array", "items": ref("RequestSummary"), "maxItems": PAGE_MAX},
            "next_cursor": nullable("string", description="下一页的 cursor；没有更多时为 null"),
        },
        description="本人的诉求，由新到旧",
    ),
    "Request": REQUEST,
    "RequestEvent": REQUEST_EVENT,
    "Attachment": ATTACHMENT,
    "RequestMessage": obj(
        {"text": {"type": "string", "minLength": 1, "maxLength": CONTENT_LIMIT, "description": "补充的内容"}},
        additionalProperties=False,
    ),
    "RequestWithdrawal": obj(
        {"reason": nullable("string", maxLength=200, description="撤回原因（可不填）")},
        required=[],
        additionalProperties=False,
    ),
    "RequestRating": obj(
        {
            "rating": enum(RATINGS, description="satisfied 满意、fair 基本满意、unsatisfied 不满意"),
            "comment": nullable("string", maxLength=500, description="评价意见（可不填）"),
        },
        required=["rating"],
        additionalProperties=False,
    ),
    "AttachmentUpload": obj(
        {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "文件内容（按内容识别类型，不看文件名）",
            },
            "kind": enum(
                ACCEPTED, description="image 图片（≤10MB）、voice 语音（≤2MB）、file PDF文件（≤10MB）"
            ),
        }
    ),
    "DuplicateError": DUPLICATE_ERROR,
}

REQUEST_RESPONSES = {
    "RequestNotFound": error_response("没有这条诉求（或不是本人的）", "not_found", "没有找到这条诉求"),
    "RequestValidationFailed": error_response(
        "字段校验失败：fields 列出每个出错的字段",
        "validation_failed",
        "诉求内容请写5-2000字",
        {"content": "诉求内容请写5-2000字"},
    ),
    "RequestInvalidState": error_response(
        "诉求当前的状态不允许此操作", "invalid_state", "该诉求已办结或关闭，如有新情况请提交新的诉求"
    ),
    "DuplicateRequest": {
        "description": "近期已提交过同类且未办结的诉求：可补充到该诉求，或带 allow_duplicate=true 重新提交",
        "content": {
            "application/json": {
                "schema": ref("DuplicateError"),
                "example": {
                    "error": {
                        "code": "duplicate",
                        "message": "您近期已提交过同类诉求（编号2026-0001234），可补充到该诉求中",
                        "fields": {},
                        "number": "2026-0001234",
                    }
                },
            }
        },
    },
    "UploadTooLarge": error_response("文件超过 10 MB", "payload_too_large", "文件过大，不能超过10MB"),
    "UploadNotMultipart": error_response(
        "请求体不是 multipart/form-data", "unsupported_media_type", "请以 multipart/form-data 格式上传文件"
    ),
}
