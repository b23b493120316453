"""The OpenAPI components: the schemas of every body the API reads or writes, and its error answers."""

from models.station import LEVEL_NAMES, LEVELS
from models.veteran import STATE_NAMES, STATES
from server.api.errors import ALL_CODES
from server.api.profile_input import MAX_ID
from server.api.texts import NO_PROFILE
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES, CLEANERS, FIELD_NAMES


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema_type, **extra):
    return {"type": schema_type, "nullable": True, **extra}


def obj(properties, required=None, **extra):
    required = list(properties) if required is None else required
    return {"type": "object", "properties": properties, "required": required, **extra}


ERROR = obj(
    {
        "error": obj(
            {
                "code": {
                    "type": "string",
                    "description": "稳定的错误代码，供程序判断：" + "、".join(ALL_CODES),
                    "example": "validation_failed",
                },
                "message": {"type": "string", "description": "可直接展示给用户的中文说明"},
                "fields": {
                    "type": "object",
                    "description": "出错的字段及其原因；与字段无关的错误为空对象",
                    "additionalProperties": {"type": "string"},
                    "example": {"mobile": "请输入11位大陆手机号码"},
                },
            }
        )
    }
)

CATEGORY = obj(
    {
        "id": {"type": "integer", "example": 1},
        "name": {"type": "string", "example": "退役士兵"},
        "served": {"type": "boolean", "description": "是否需要填写服役信息（家属类为 false）"},
    }
)

STATION_REF = obj(
    {
        "id": {"type": "integer"},
        "code": {"type": "string", "example": "330106001001"},
        "name": {"type": "string", "example": "西湖村退役军人服务站"},
    }
)

PROFILE = obj(
    {
        "id": {"type": "integer"},
        "state": {
            "type": "string",
            "enum": list(STATES),
            "description": "draft 草稿、submitted 待审核、approved 已通过、returned 退回",
        },
        "state_name": {"type": "string", "enum": list(STATE_NAMES.values())},
        "name": nullable("string", example="张建国"),
        "id_number": nullable("string", description="身份证号（脱敏）", example="110105********002X"),
        "sex": nullable("string", enum=["M", "F", None], description="由身份证号得出：M 男，F 女"),
        "mobile": nullable("string", description="手机号（脱敏）", example="138****8000"),
        "category": {**CATEGORY, "nullable": True},
        "branch": nullable("string", enum=[*BRANCHES, None]),
        "enlisted_on": nullable("string", format="date"),
        "discharged_on": nullable("string", format="date"),
        "hukou_address": nullable("string", description="户籍地址（脱敏）", example="浙江省杭州市****"),
        "residence_address": nullable("string", description="居住地址（脱敏）"),
        "station": {**STATION_REF, "nullable": True},
        "return_reason": nullable("string", description="审核退回的原因（退回时）"),
        "missing_fields": {
            "type": "array",
            "description": "提交前还需填写的字段",
            "items": obj(
                {
                    "field": {"type": "string", "enum": list(CLEANERS)},
                    "label": {"type": "string", "enum": list(FIELD_NAMES.values())},
                }
            ),
        },
        "consent": obj(
            {
                "version": nullable("string", example=PRIVACY_VERSION),
                "given_at": nullable("string", format="date-time"),
                "withdrawn_at": nullable("string", format="date-time"),
            }
        ),
        "submitted_at": nullable("string", format="date-time"),
        "deletion_requested_at": nullable("string", format="date-time"),
    }
)


def _id_field(description):
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": description}


PROFILE_UPDATE = obj(
    {
        "consent_version": {
            "type": "string",
            "description": f"首次登记时必填：同意的《个人信息保护说明》版本，当前为 {PRIVACY_VERSION}",
            "example": PRIVACY_VERSION,
        },
        "name": {"type": "string", "description": "姓名，2-30个汉字或字母", "example": "张建国"},
        "id_number": {
            "type": "string",
            "description": (
                "18位身份证号：检查省份代码、出生日期（1900-01-01 至今）和 GB 11643 校验码；"
                "全角数字和小写 x 也可以"
            ),
            "example": "110105198001010016",
        },
        "mobile": {"type": "string", "description": "11位大陆手机号", "example": "13800138000"},
        "category_id": _id_field("人员类别，见 GET /categories（也接受数字字符串）"),
        "branch": {"type": "string", "enum": list(BRANCHES), "description": "服役军种，见 GET /branches"},
        "enlisted_on": {"type": "string", "format": "date", "description": "入伍日期 YYYY-MM-DD"},
        "discharged_on": {
            "type": "string",
            "format": "date",
            "description": "退役日期 YYYY-MM-DD，晚于入伍日期",
        },
        "hukou_address": {"type": "string", "description": "户籍地址，4-120字"},
        "residence_address": {"type": "string", "description": "居住地址，4-120字"},
        "station_id": _id_field("所在村（社区）服务站，见 GET /stations（也接受数字字符串）"),
    },
    required=[],
    additionalProperties=False,
)

STATION_NODE = obj(
    {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "level": {"type": "string", "enum": list(LEVELS)},
        "level_name": {"type": "string", "enum": list(LEVEL_NAMES.values())},
        "children": {"type": "array", "items": ref("StationNode")},
    }
)

NEARBY_STATION = obj(
    {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "address": nullable("string"),
        "phone": nullable("string"),
        "hours": nullable("string", description="工作日办公时间，如 08:30-12:00,14:00-17:30"),
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "distance_m": {"type": "integer", "minimum": 0, "description": "直线距离（米）"},
    }
)


def items_of(schema, description):
    return obj({"items": {"type": "array", "items": schema}}, description=description)


SCHEMAS = {
    "Error": ERROR,
    "LoginRequest": obj(
        {
            "code": {
                "type": "string",
                "minLength": 1,
                "maxLength": 128,
                "description": "wx.login() 返回的 code",
            }
        }
    ),
    "LinkRequest": obj(
        {
            "code": {
                "type": "string",
                "pattern": "^[0-9]{6}$",
                "description": "在服务号中回复“绑定”得到的6位数字（10分钟内有效，只用一次；可为全角数字）",
            }
        }
    ),
    "Token": obj(
        {
            "token": {"type": "string", "description": "放在请求头 Authorization: Bearer <token>"},
            "expires_in": {"type": "integer", "description": "有效期（秒）", "example": 7200},
        }
    ),
    "Profile": PROFILE,
    "ProfileUpdate": PROFILE_UPDATE,
    "Category": CATEGORY,
    "CategoryList": items_of(ref("Category"), "在用的人员类别"),
    "BranchList": items_of({"type": "string", "enum": list(BRANCHES)}, "服役军种"),
    "StationNode": STATION_NODE,
    "StationTree": items_of(ref("StationNode"), "在用站点树：市 → 县区 → 乡镇街道 → 村社区"),
    "NearbyStation": NEARBY_STATION,
    "NearbyStationList": items_of(ref("NearbyStation"), "距离最近的村（社区）服务站，由近到远，最多5个"),
    "PrivacyNotice": obj(
        {"version": {"type": "string", "example": PRIVACY_VERSION}, "text": {"type": "string"}}
    ),
}


def error_response(description, example_code, example_message, example_fields=None):
    example = {"error": {"code": example_code, "message": example_message, "fields": example_fields or {}}}
    return {
        "description": description,
        "content": {"application/json": {"schema": ref("Error"), "example": example}},
    }


RESPONSES = {
    "BadRequest": error_response("请求格式不正确", "bad_request", "请求内容应为 JSON 对象"),
    "Unauthorized": error_response(
        "未登录，或令牌无效、过期、已退出", "invalid_token", "登录已失效，请重新登录"
    ),
    "InvalidCode": error_response(
        "code 无效、已使用或已过期", "invalid_code", "登录凭证无效或已过期，请重新登录"
    ),
    "NoProfile": error_response("还没有登记信息", "no_profile", NO_PROFILE),
    "InvalidLinkCode": error_response(
        "请求格式不正确，或绑定码不正确、已使用、已过期（code 为 invalid_link_code）",
        "invalid_link_code",
        "绑定码已过期（10分钟内有效），请在服务号中重新回复“绑定”获取",
        {"code": "绑定码已过期（10分钟内有效），请在服务号中重新回复“绑定”获取"},
    ),
    "LinkConflict": error_response(
        "小程序中已有另一份登记信息",
        "conflict",
        "小程序中已有您的另一份登记信息，不能再绑定。请联系所在服务站处理",
    ),
    "InvalidState": error_response("当前状态不允许此操作", "invalid_state", "登记已提交，正在审核中"),
    "ValidationFailed": error_response(
        "字段校验失败：fields 列出每个出错的字段",
        "validation_failed",
        "身份证号最后一位校验码不正确，请核对后重新输入",
        {"id_number": "身份证号最后一位校验码不正确，请核对后重新输入"},
    ),
    "BadGateway": error_response(
        "微信接口暂时不可用", "wechat_unavailable", "微信服务暂时不可用，请稍后再试"
    ),
    "PayloadTooLarge": error_response("请求内容超过 64 KiB", "payload_too_large", "请求内容过大"),
    "TooManyRequests": {
        **error_response("操作过于频繁", "rate_limited", "操作过于频繁，请 42 秒后再试"),
        "headers": {"Retry-After": {"description": "多少秒后可以再试", "schema": {"type": "integer"}}},
    },
}
