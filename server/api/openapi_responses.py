"""The error envelope's shapes (server/api/errors.py writes it) and the OpenAPI document's error
answers, each with an example the mini-program will meet."""

from pydantic import BaseModel, Field

from server.api.errors import ALL_CODES
from server.api.openapi_parts import ref
from server.api.texts import NO_PROFILE


class ErrorDetail(BaseModel):
    code: str = Field(
        description="稳定的错误代码，供程序判断：" + "、".join(ALL_CODES), examples=["validation_failed"]
    )
    message: str = Field(description="可直接展示给用户的中文说明")
    fields: dict[str, str] = Field(
        description="出错的字段及其原因；与字段无关的错误为空对象",
        examples=[{"mobile": "请输入11位大陆手机号码"}],
    )


class Error(BaseModel):
    error: ErrorDetail


class DuplicateDetail(ErrorDetail):
    number: str = Field(description="近期同类诉求的编号", examples=["2026-0001234"])


class DuplicateError(BaseModel):
    error: DuplicateDetail


OUTPUTS = [Error, DuplicateError]


def error_response(description, example_code, example_message, example_fields=None, shape=Error, **extra):
    example = {
        "error": {"code": example_code, "message": example_message, "fields": example_fields or {}, **extra}
    }
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(shape), "example": example}},
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
    "PolicyNotFound": error_response(
        "没有这篇政策（未发布或已撤回）", "not_found", "没有找到这篇政策，它可能尚未发布或已撤回"
    ),
    # the request (诉求) endpoints
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
    "DuplicateRequest": error_response(
        "近期已提交过同类且未办结的诉求：可补充到该诉求，或带 allow_duplicate=true 重新提交",
        "duplicate",
        "您近期已提交过同类诉求（编号2026-0001234），可补充到该诉求中",
        shape=DuplicateError,
        number="2026-0001234",
    ),
    # the subscription endpoints
    "SubscriptionValidationFailed": error_response(
        "topic_ids 不是 id 列表，或其中有不存在、已停用的专题",
        "validation_failed",
        "所选专题不存在或已停用：99",
        {"topic_ids": "所选专题不存在或已停用：99"},
    ),
    "UploadTooLarge": error_response("文件超过 10 MB", "payload_too_large", "文件过大，不能超过10MB"),
    "UploadNotMultipart": error_response(
        "请求体不是 multipart/form-data", "unsupported_media_type", "请以 multipart/form-data 格式上传文件"
    ),
}
