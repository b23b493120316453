"""The OpenAPI 3.0 document of /api/v1 (GET /api/v1/openapi.json); the docs page renders it too."""

from flask import jsonify

from server.api import (
    appointment_shapes,
    auth_shapes,
    bp,
    dictionary_shapes,
    openapi_appointments,
    openapi_responses,
    policy_shapes,
    profile_shapes,
    service_request_shapes,
    station_event_shapes,
    subscription_shapes,
)
from server.api.auth_shapes import LoginRequest, Token
from server.api.dictionary_shapes import (
    BranchList,
    CategoryList,
    NearbyStationList,
    NearestQuery,
    PrivacyNotice,
    StationTree,
)
from server.api.openapi_appointments import APPOINTMENT_PATHS, APPOINTMENT_RESPONSES, with_current_examples
from server.api.openapi_components import components
from server.api.openapi_parts import error, json_body, ok, operation, query_parameters, ref
from server.api.openapi_policies import POLICY_PATHS
from server.api.openapi_requests import REQUEST_PATHS
from server.api.openapi_responses import RESPONSES
from server.api.openapi_subscriptions import SUBSCRIPTION_PATHS
from server.api.profile_shapes import LinkRequest, Profile, ProfileUpdate
from server.operations.veterans.privacy import PRIVACY_VERSION

INPUTS = [
    *auth_shapes.INPUTS,
    *profile_shapes.INPUTS,
    *service_request_shapes.INPUTS,
    *appointment_shapes.INPUTS,
    *station_event_shapes.INPUTS,
    *subscription_shapes.INPUTS,
]
OUTPUTS = [
    *openapi_responses.OUTPUTS,
    *auth_shapes.OUTPUTS,
    *profile_shapes.OUTPUTS,
    *dictionary_shapes.OUTPUTS,
    *service_request_shapes.OUTPUTS,
    *appointment_shapes.OUTPUTS,
    *station_event_shapes.OUTPUTS,
    *openapi_appointments.OUTPUTS,
    *subscription_shapes.OUTPUTS,
    *policy_shapes.OUTPUTS,
]

EXAMPLE_PROFILE = {
    "consent_version": PRIVACY_VERSION,
    "name": "张建国",
    "id_number": "110105198001010016",
    "mobile": "13800138000",
    "category_id": 1,
    "branch": "陆军",
    "enlisted_on": "1998-12-01",
    "discharged_on": "2003-12-01",
    "hukou_address": "浙江省杭州市西湖区西湖村1号",
    "residence_address": "浙江省杭州市西湖区西湖村1号",
    "station_id": 7,
}


def profile_write(operation_id, summary, description, ok_status="200", errors=()):
    """A POST under /profile: answers the updated profile; rate limited; `errors` are (status, name)."""
    responses = {ok_status: ok("最新的登记信息（脱敏）", ref(Profile)), "404": error("NoProfile")}
    responses |= {status: error(name) for status, name in errors}
    responses["429"] = error("TooManyRequests")
    return operation(operation_id, "登记", summary, responses, description, secured=True)


PATHS = {
    "/auth/login": {
        "post": operation(
            "login",
            "登录",
            "用 wx.login() 的 code 登录",
            {
                "200": ok("登录成功：本系统的令牌（微信的 session_key 只保存在服务器）", ref(Token)),
                "400": error("BadRequest"),
                "401": error("InvalidCode"),
                "413": error("PayloadTooLarge"),
                "429": error("TooManyRequests"),
                "502": error("BadGateway"),
            },
            "code 只能用一次、5分钟内有效；无效、已用或过期的 code 答 401（code 为 invalid_code）。"
            "同一地址每分钟最多登录10次。令牌2小时内有效。",
            requestBody=json_body(LoginRequest, {"code": "0a3Xk2Ga1cGqPH0cDTGa1Q2Y2b3Xk2Gi"}),
        )
    },
    "/auth/logout": {
        "post": operation("logout", "登录", "退出登录：令牌立即失效", {"204": ok("已退出")}, secured=True)
    },
    "/profile": {
        "get": operation(
            "getProfile",
            "登记",
            "查看本人的登记信息（脱敏）",
            {
                "200": ok("本人的登记信息；身份证号、手机号、地址均已脱敏", ref(Profile)),
                "404": error("NoProfile"),
            },
            "先按小程序 openid 查找，再按 unionid 查找（如在服务号聊天中登记过），找到后与小程序账号关联。",
            secured=True,
        ),
        "put": operation(
            "putProfile",
            "登记",
            "新建或修改登记草稿",
            {
                "200": ok("已保存", ref(Profile)),
                "201": ok("已新建登记草稿", ref(Profile)),
                "400": error("BadRequest"),
                "409": error("InvalidState"),
                "413": error("PayloadTooLarge"),
                "422": error("ValidationFailed"),
                "429": error("TooManyRequests"),
            },
            "首次登记须带 consent_version（当前说明的版本），否则答 400（code 为 consent_required）。"
            "只需提交要修改的字段；校验失败答 422，fields 列出每个出错的字段。待审核期间不能修改（409）。"
            "每个登录每分钟最多写入30次。",
            secured=True,
            requestBody=json_body(ProfileUpdate, EXAMPLE_PROFILE),
        ),
    },
    "/profile/link": {
        "post": operation(
            "linkProfile",
            "登记",
            "用绑定码关联在服务号中登记的信息",
            {
                "200": ok("已关联：本人的登记信息（脱敏）", ref(Profile)),
                "400": error("InvalidLinkCode"),
                "404": error("NoProfile"),
                "409": error("LinkConflict"),
                "413": error("PayloadTooLarge"),
                "422": error("ValidationFailed"),
                "429": error("TooManyRequests"),
            },
            "服务号和小程序未绑定到同一开放平台账号时（微信不给 unionid），"
            "在服务号中回复“绑定”得到6位绑定码，"
            "10分钟内有效、只能用一次。绑定码不正确、已使用或已过期答 400（code 为 invalid_link_code）；"
            "同一小程序用户10分钟内输错5次后答 429。",
            secured=True,
            requestBody=json_body(LinkRequest, {"code": "038261"}),
        )
    },
    "/profile/submit": {
        "post": profile_write(
            "submitProfile",
            "提交登记审核",
            "信息须完整（缺少的字段在 422 的 fields 中列出），并已同意个人信息保护说明。",
            errors=[("409", "InvalidState"), ("422", "ValidationFailed")],
        )
    },
    "/profile/consent/withdraw": {
        "post": profile_write("withdrawConsent", "撤回个人信息处理同意", "撤回后不能再提交审核。")
    },
    "/profile/deletion-request": {
        "post": profile_write(
            "requestDeletion",
            "申请删除个人信息",
            "所在服务站确认后，15天后删除（个人信息保护法）。",
            ok_status="202",
        )
    },
    "/privacy": {
        "get": operation(
            "getPrivacy", "字典", "个人信息保护说明", {"200": ok("当前版本与全文", ref(PrivacyNotice))}
        )
    },
    "/categories": {
        "get": operation(
            "listCategories", "字典", "人员类别", {"200": ok("在用的人员类别", ref(CategoryList))}
        )
    },
    "/branches": {
        "get": operation("listBranches", "字典", "服役军种", {"200": ok("服役军种", ref(BranchList))})
    },
    "/stations": {
        "get": operation(
            "stationTree", "字典", "服务站点树", {"200": ok("在用站点，逐级嵌套", ref(StationTree))}
        )
    },
    "/stations/nearest": {
        "get": operation(
            "nearestStations",
            "字典",
            "离我最近的村（社区）服务站",
            {"200": ok("最近的5个站点", ref(NearbyStationList)), "400": error("BadRequest")},
            "只包含已标注经纬度的在用村（社区）站，按直线距离排序。",
            parameters=query_parameters(NearestQuery),
        )
    },
    **REQUEST_PATHS,
    **APPOINTMENT_PATHS,
    **SUBSCRIPTION_PATHS,
    **POLICY_PATHS,
    "/openapi.json": {
        "get": operation(
            "openapi", "文档", "本接口的 OpenAPI 3.0 文档", {"200": ok("OpenAPI 文档", {"type": "object"})}
        )
    },
    "/docs": {
        "get": operation(
            "docs",
            "文档",
            "接口说明页面（由本文档生成）",
            {"200": ok("HTML 页面", {"type": "string"}, "text/html")},
        )
    },
}

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {
        "title": "退役军人服务小程序接口",
        "version": "1.0.0",
        "description": "小程序的 JSON 接口：登录、建档立卡（登记）、个人信息权利、诉求的提交与办理进度、"
        "预约办事与活动报名、政策专题订阅、字典与就近站点。"
        '所有错误都以同一格式返回：{"error": {"code", "message", "fields"}}。',
    },
    "servers": [{"url": "/api/v1"}],
    "tags": [
        {"name": "登录", "description": "wx.login() 换取本系统令牌"},
        {"name": "登记", "description": "本人的建档立卡信息"},
        {"name": "诉求", "description": "本人提交的诉求：提交、补充、附件、撤回、评价，及公开的办理过程"},
        {"name": "预约", "description": "预约办事：服务事项、可预约时段、本人的预约与签到码"},
        {"name": "活动", "description": "服务站的活动报名：报名、候补、取消"},
        {"name": "订阅", "description": "本人订阅的政策专题（订阅推送）"},
        {"name": "政策", "description": "现行政策的查询与全文，无需登录"},
        {"name": "字典", "description": "表单所需的公开数据，无需登录"},
        {"name": "文档", "description": "本文档"},
    ],
    "paths": PATHS,
    "components": {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "POST /auth/login 返回的 token，放在 Authorization: Bearer <token>",
            }
        },
        "schemas": components(INPUTS, OUTPUTS),
        "responses": RESPONSES | APPOINTMENT_RESPONSES,
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(with_current_examples(DOCUMENT))
