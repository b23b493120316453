"""Every message the mini-program API shows its users, in one place for review."""

STATUS_MESSAGES = {
    400: "请求格式不正确",
    401: "请先登录",
    403: "没有权限",
    404: "接口不存在",
    405: "不支持的请求方法",
    409: "当前状态下不能进行此操作",
    413: "请求内容过大",
    415: "请求内容应为 JSON",
    422: "提交的信息有误，请核对后重试",
    429: "操作过于频繁，请稍后再试",
    500: "服务器内部错误，请稍后再试",
    502: "微信服务暂时不可用，请稍后再试",
}

NOT_JSON_OBJECT = "请求内容应为 JSON 对象"
CODE_REQUIRED = "请提供 wx.login() 返回的 code"
CODE_INVALID = "登录凭证无效或已过期，请重新登录"
TOKEN_MISSING = "请先登录（请求头 Authorization: Bearer <token>）"
TOKEN_INVALID = "登录已失效，请重新登录"
NO_PROFILE = (
    "您还没有登记信息，请先填写登记。如已在服务号中登记，请在服务号中回复“绑定”，把得到的6位绑定码填在这里"
)
LINK_CODE_REQUIRED = "请填写在服务号中回复“绑定”得到的6位数字绑定码"
LINK_LIMITED = "绑定码输错次数过多，请 {minutes} 分钟后再试"
CONSENT_REQUIRED = "请先阅读并同意《个人信息保护说明》（版本 {version}）后再登记"
CONSENT_OUTDATED = "《个人信息保护说明》已更新为版本 {version}，请重新阅读并同意"
UNKNOWN_FIELD = "不支持的字段"
BAD_FIELD_TYPE = "{label}格式不正确"
COORDINATE_REQUIRED = "请提供{label}"
COORDINATE_INVALID = "{label}应为 {low} 到 {high} 之间的数字"
CONCURRENT_CHANGE = "信息刚刚被同时修改，请刷新后重试"
RATE_LIMITED = "操作过于频繁，请 {seconds} 秒后再试"
LABELS = {"lat": "纬度", "lng": "经度"}

# Requests (诉求)
REQUEST_LABELS = {
    "category_id": "诉求类别",
    "content": "诉求内容",
    "title": "标题",
    "station_id": "受理服务站",
    "allow_duplicate": "是否仍然提交",
    "text": "补充内容",
    "reason": "撤回原因",
    "rating": "评价",
    "comment": "评价内容",
}
STATION_REQUIRED = "您还没有登记，请选择受理诉求的村（社区）服务站"
STATION_INVALID = "请选择在用的村（社区）服务站"
BAD_FLAG = "{label}应为 true 或 false"
LIMIT_INVALID = "每页条数应为 1 到 {high} 的整数"
CURSOR_INVALID = "翻页位置不正确，请从第一页重新加载"
REQUEST_NOT_FOUND = "没有找到这条诉求"
UPLOAD_NOT_MULTIPART = "请以 multipart/form-data 格式上传文件"
FILE_REQUIRED = "请选择要上传的文件"
KIND_REQUIRED = "请选择附件类型（图片、语音或PDF文件）"
ATTACHMENT_CLOSED = "该诉求已办结或关闭，不能再添加附件，如有新情况请提交新的诉求"
UPLOAD_TOO_LARGE = "文件过大，不能超过{mb}MB"
PERSON_ACTOR = "本人"
SYSTEM_ACTOR = "系统"
EVENT_KIND_NAMES = {
    "filed": "提交诉求",
    "message": "本人补充",
    "reply": "答复",
    "state": "办理进展",
    "rating": "评价",
    "extend": "延期办理",
    "merge": "合并",
    "attachment": "附件",
}
EVENT_KIND_OTHER = "办理进展"
FIELD_REQUIRED = "请填写{label}"

# Idempotency-Key
IDEMPOTENCY_KEY_INVALID = "请求头 Idempotency-Key 应为1-80个可见的英文字符"
IDEMPOTENCY_KEY_REUSED = "这个 Idempotency-Key 已用于另一个不同内容的请求，请为新的请求生成新的键"
IDEMPOTENCY_IN_FLIGHT = "同样的请求刚刚提交过，请刷新后查看结果"

# Appointments (预约办事) and station events (活动报名)
APPOINTMENT_LABELS = {
    "service_id": "服务事项",
    "station_id": "服务站",
    "start": "预约时间",
    "subscribed": "订阅消息",
    "reason": "取消原因",
    "from": "开始日期",
    "to": "结束日期",
}
DATE_INVALID = "{label}格式不正确，应为 YYYY-MM-DD，如 2026-12-08"
RANGE_REVERSED = "结束日期不能早于开始日期"
RANGE_TOO_LONG = "一次最多查询{days}天，请缩短日期范围"
STATION_ID_INVALID = "服务站编号格式不正确"
BOOKING_CODE_CLOSED = "该预约现为“{state}”，没有签到码"
SIGNUP_NONE = "您没有报名这个活动"
REGISTRATION_NAMES = {"none": "无需登记", "submitted": "需先提交登记", "approved": "需登记审核通过"}
STATION_NOT_FOUND = "没有这个服务站"

# Subscriptions (订阅推送)
SUBSCRIPTION_LABELS = {"topic_ids": "订阅的专题", "policy_notice_taps_granted": "订阅消息允许次数"}

# Policies (政策查询)
POLICY_QUERY_MESSAGES = {
    "q": "查询内容请不超过{limit}个字",
    "topic": "专题应为专题 id（正整数）",
    "page": "页码应为 1 到 {high} 之间的整数",
}
