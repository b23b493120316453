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
NO_PROFILE = "您还没有登记信息，请先填写登记"
CONSENT_REQUIRED = "请先阅读并同意《个人信息保护说明》（版本 {version}）后再登记"
CONSENT_OUTDATED = "《个人信息保护说明》已更新为版本 {version}，请重新阅读并同意"
UNKNOWN_FIELD = "不支持的字段"
BAD_FIELD_TYPE = "{label}格式不正确"
COORDINATE_REQUIRED = "请提供{label}"
COORDINATE_INVALID = "{label}应为 {low} 到 {high} 之间的数字"
CONCURRENT_CHANGE = "信息刚刚被同时修改，请刷新后重试"
RATE_LIMITED = "操作过于频繁，请 {seconds} 秒后再试"
LABELS = {"lat": "纬度", "lng": "经度", "code": "code", "consent_version": "同意的说明版本"}
