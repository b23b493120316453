"""The OpenAPI paths of the request (诉求) endpoints; server/api/openapi.py merges them in.

The examples name real requests of the caller the schemathesis run sets up (tests/server/api/
test_openapi.py): an open one with an attachment, and a resolved one to rate.
"""

from models.request import RATINGS
from server.api.openapi_parts import error, json_body, ok, operation, query_parameters, ref
from server.api.service_request_shapes import (
    Attachment,
    AttachmentUpload,
    Request,
    RequestCategoryList,
    RequestFiling,
    RequestListQuery,
    RequestMessage,
    RequestPage,
    RequestRating,
    RequestWithdrawal,
)
from server.api.service_requests import MAX_ATTACHMENT_ID
from server.operations.service_requests.attachments import ACCEPTED, PER_REQUEST, SIZE_LIMITS
from server.operations.service_requests.filing import DUPLICATE_WINDOW

EXAMPLE_NUMBER = "2026-0000001"  # open, with attachment 1
RESOLVED_EXAMPLE_NUMBER = "2026-0000002"  # resolved, not yet rated
EXAMPLE_ATTACHMENT_ID = 1
EXAMPLE_FILING = {
    "category_id": 1,
    "content": "家中老人生病住院，医疗费用负担较重，希望了解可申请的帮扶政策。",
    "title": "申请困难帮扶",
    "station_id": None,
    "allow_duplicate": False,
}
WRITE_ERRORS = {"400": error("BadRequest"), "413": error("PayloadTooLarge"), "429": error("TooManyRequests")}
MB = 1024 * 1024


def number_parameter(example=EXAMPLE_NUMBER):
    return {
        "name": "number",
        "in": "path",
        "required": True,
        "description": "诉求编号，如 2026-0001234",
        "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{7,10}$"},
        "example": example,
    }


def request_write(operation_id, summary, description, body, ok_status="200", number=EXAMPLE_NUMBER):
    """A POST on one of the caller's requests: answers the request as it now stands."""
    responses = {
        ok_status: ok("诉求的最新情况（含公开的办理过程）", ref(Request)),
        "404": error("RequestNotFound"),
        "409": error("RequestInvalidState"),
        "422": error("RequestValidationFailed"),
        **WRITE_ERRORS,
    }
    return operation(
        operation_id,
        "诉求",
        summary,
        responses,
        description + "每个登录每分钟最多写入30次。",
        secured=True,
        parameters=[number_parameter(number)],
        requestBody=body,
    )


FILE_OPERATION = operation(
    "fileRequest",
    "诉求",
    "提交诉求",
    {
        "201": ok("已提交：诉求编号、承办站点、期限与公开的办理过程", ref(Request)),
        "409": error("DuplicateRequest"),
        "422": error("RequestValidationFailed"),
        **WRITE_ERRORS,
    },
    "已登记的由登记的服务站受理；未登记的须在 station_id 中选择村（社区）服务站，否则答 422。"
    f"{DUPLICATE_WINDOW.days}天内已有同类且未办结的诉求时答 409（code 为 duplicate，number 为该诉求编号）："
    "可补充到该诉求（POST /requests/{number}/messages），或带 allow_duplicate=true 重新提交。"
    "信访类诉求按《信访工作条例》办理。每个登录每分钟最多写入30次。",
    secured=True,
    requestBody=json_body(RequestFiling, EXAMPLE_FILING),
)

LIST_OPERATION = operation(
    "listRequests",
    "诉求",
    "我的诉求",
    {"200": ok("本人的诉求，由新到旧", ref(RequestPage)), "400": error("BadRequest")},
    "按提交时间由新到旧分页；下一页带上一页返回的 next_cursor。",
    secured=True,
    parameters=query_parameters(RequestListQuery),
)

UPLOAD_LIMITS = "、".join(f"{kind} ≤{SIZE_LIMITS[kind] // MB}MB" for kind in ACCEPTED)
UPLOAD_OPERATION = operation(
    "uploadAttachment",
    "诉求",
    "上传附件（图片、语音、PDF）",
    {
        "201": ok("已保存的附件", ref(Attachment)),
        "404": error("RequestNotFound"),
        "409": error("RequestInvalidState"),
        "413": error("UploadTooLarge"),
        "415": error("UploadNotMultipart"),
        "422": error("RequestValidationFailed"),
        "429": error("TooManyRequests"),
    },
    f"multipart/form-data：file 为文件，kind 为类型。按文件内容识别类型（不看文件名），大小 {UPLOAD_LIMITS}；"
    f"不符的答 422 并说明原因。每条诉求最多{PER_REQUEST}个附件；办结或关闭后不能再上传（409）。",
    secured=True,
    parameters=[number_parameter()],
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": ref(AttachmentUpload),
                "example": {"kind": "image", "file": "GIF89a"},
            }
        },
    },
)

DOWNLOAD_OPERATION = operation(
    "downloadAttachment",
    "诉求",
    "下载附件",
    {
        "200": {
            "description": "附件的内容，Content-Type 为识别出的类型",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for kind in ACCEPTED
                for media in sorted(ACCEPTED[kind])
            },
        },
        "404": error("RequestNotFound"),
    },
    "只有本人可以下载自己诉求的附件；未保存（待取回、被拒绝）的附件答 404。",
    secured=True,
    parameters=[
        number_parameter(),
        {
            "name": "attachment_id",
            "in": "path",
            "required": True,
            "description": "附件 id（见诉求详情的 attachments）",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ATTACHMENT_ID},
            "example": EXAMPLE_ATTACHMENT_ID,
        },
    ],
)

REQUEST_PATHS = {
    "/request-categories": {
        "get": operation(
            "listRequestCategories",
            "字典",
            "诉求类别",
            {"200": ok("在用的诉求类别及其办理时限", ref(RequestCategoryList))},
        )
    },
    "/requests": {"get": LIST_OPERATION, "post": FILE_OPERATION},
    "/requests/{number}": {
        "get": operation(
            "getRequest",
            "诉求",
            "诉求详情",
            {"200": ok("诉求及其公开的办理过程、附件", ref(Request)), "404": error("RequestNotFound")},
            "只显示公开的办理过程（内部备注不显示）；工作人员以所在服务站的名称显示。不是本人的诉求答 404。",
            secured=True,
            parameters=[number_parameter()],
        )
    },
    "/requests/{number}/messages": {
        "post": request_write(
            "addRequestMessage",
            "补充诉求内容",
            "办结或关闭后不能补充（409）；等待本人补充的诉求补充后继续办理。",
            json_body(RequestMessage, {"text": "补充一下：住院费用清单已拍照上传。"}),
            ok_status="201",
        )
    },
    "/requests/{number}/withdraw": {
        "post": request_write(
            "withdrawRequest",
            "撤回诉求",
            "未办结的诉求可以撤回；请求体可省略。",
            {**json_body(RequestWithdrawal, {"reason": "问题已自行解决"}), "required": False},
        )
    },
    "/requests/{number}/rating": {
        "post": request_write(
            "rateRequest",
            "评价办理结果",
            "办结后可评价一次（" + "、".join(RATINGS.values()) + "）；“不满意”时服务诉求重新办理，"
            "信访事项在期限内转入复查或复核。",
            json_body(RequestRating, {"rating": "satisfied", "comment": "答复及时，问题已解决"}),
            number=RESOLVED_EXAMPLE_NUMBER,
        )
    },
    "/requests/{number}/attachments": {"post": UPLOAD_OPERATION},
    "/requests/{number}/attachments/{attachment_id}": {"get": DOWNLOAD_OPERATION},
}
