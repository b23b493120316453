"""The console's words outside its templates: what the pages say after an action (by page), and what
the console calls the values it stores, one table per kind: audit actions, record types, the keys and
fields of an audit entry's detail and the queue's views here; a request's channel and state
(models.request), a registration's source and state (models.veteran) and a role (models.staff) beside
their models. A value no table knows yet is shown as it is stored rather than breaking the page.
Form fields keep their labels in their form classes, as templates keep their own text."""

from models.request import CHANNEL_NAMES, TRACK_NAMES
from models.request import STATE_NAMES as REQUEST_STATE_NAMES
from models.staff import ROLE_NAMES
from models.veteran import SOURCE_NAMES
from models.veteran import STATE_NAMES as VETERAN_STATE_NAMES
from server.console import bp
from server.operations.service_requests.states import ACTIONS

# Every page
SAVED = "已保存"

# 登录, 修改密码, 我的账号
LOGIN_NEEDED = "请先登录"
LOGIN_THROTTLED = "登录失败次数过多，请{minutes}分钟后再试"
PASSWORD_CHANGED = "密码已修改"
BINDING_QR_UNAVAILABLE = "暂时无法从微信获取二维码，请稍后再试"
WECHAT_UNBOUND = "已解除微信绑定，督办和提醒将只在工作台显示"
MARKED_AWAY = "{name}：已标记为休假/外出，暂停分派新诉求"
MARKED_BACK = "{name}：已恢复在岗"

# 首页: what it tells a role whose pages are few
ROLE_NOTES = {
    "broadcaster": "您可以在“政策库”编写、预览和发布政策，在“政策推送”把政策推送给关注用户并查看发送结果，"
    "还可以查看站点信息、下载服务站二维码海报；登记信息、诉求等个人信息不向宣传员开放。",
}

# 站点
QR_CODES_REQUESTED = "正在向微信申请二维码，稍后刷新本页即可看到"
NO_QR_CODE = "该站点还没有二维码，请先生成"
NO_QR_CODES = "这些站点还没有二维码，请先生成"
POSTERS_FILE = "{code}-{name}-海报.zip"

# 人员
STAFF_CREATED = "已创建，首次登录须修改密码"
STAFF_ENABLED = "已启用"
STAFF_DISABLED = "已停用"
STATION_CODE_UNKNOWN = "站点编码不存在，或不在您的管辖范围内"

# 人员类别, 诉求类别, 工作日历
CATEGORY_ADDED = "已添加"
NO_REQUEST_CATEGORY = "没有这个诉求类别"
CALENDAR_LINE_FORMAT = "第 {number} 行格式应为：日期,休 或 班,名称（如 2027-01-01,休,元旦）"
CALENDAR_WORKDAY = "调休上班"
CALENDAR_DAY_OFF = "休息"
CALENDAR_YEAR_WRONG = "年份不正确"
CALENDAR_SAVED = "{year}年的工作日历已保存"

# 登记审核, 台账
REGISTRATIONS_APPROVED = "已审核通过 {count} 条"
REGISTRATION_APPROVED = "已审核通过，已通知本人"
REGISTRATION_RETURNED = "已退回，已通知本人"
DELETION_CONFIRMED = "已确认，将于 {due_on} 删除"
WALK_IN_APPROVED = "已登记并审核通过"
WALK_IN_SUBMITTED = "已登记，待审核"
LEDGER_IMPORT_TAB = "导入台账"
LEDGER_IMPORTED = "{filename} 导入完成：新增 {created} 人，更新 {updated} 人，未变化 {unchanged} 人"
LEDGER_UPLOAD_EXPIRED = "上传的文件已过期（1小时），请重新上传"
VETERANS_LEDGER = "退役军人和其他优抚对象台账"
VETERANS_LEDGER_UNMASKED = "-完整"

# 诉求: the queue and its ledger
FILE_ON_BEHALF_LINK = "代为登记诉求"
EXPORT_LINK = "导出台账（Excel）"
REQUESTS_LEDGER = "诉求台账"
REQUESTS_LEDGER_COLUMNS = (
    "编号", "提交时间", "姓名", "类别", "程序", "渠道", "站点", "承办人", "状态",
    "首次答复期限", "办结期限", "督办级别", "评价",
)  # fmt: skip
REQUESTS_LEDGER_CAPPED = "仅导出了前 {cap} 条，请缩小筛选范围后分批导出"

# 诉求: one request's page
NOBODY_ASSIGNED = "（不指派）"
REPLIED_FOR_MINIAPP = "已答复。本人未关注公众号，可在小程序查看"
REPLIED = "已答复，正在发送给本人"
RESENT = "已重新发送，请留意送达情况"
NO_SUCH_REPLY = "没有找到这条答复"
NOTE_ADDED = "已添加内部备注"
MOVED = "已{action}（原为“{before}”）"
EXTENDED = "办理期限已延长至 {due_on}，已告知本人"
MARKED_URGENT = "已标为紧急"
UNMARKED_URGENT = "已取消紧急"
ASSIGNED = "已指派给{name}"
UNASSIGNED = "已取消指派"
ONLY_SELF_ASSIGN = "您只能把诉求指派给自己，指派他人请联系站长"
ASSIGNEE_NOT_AT_STATION = "只能指派给受理站点的在岗工作人员"
PASSED_UP = "已上报至{station}"
PASSED_DOWN = "已交办至{station}"
ONLY_PASS_DOWN_BELOW = "只能交办给下级站点"
MERGED = "已合并至诉求{number}"
LINKED = "已关联诉求{number}"
NO_SUCH_NUMBER = "没有找到该编号的诉求，或不在您的管辖范围内"
FOLLOWUP_RECORDED = "已记录回访"

# 代为登记诉求
STATION_CLOSED = "该站点已停用，请选择其他站点"
NAME_OR_VETERAN_NEEDED = "请填写姓名，或在上方查找并选择已登记人员"
TOO_MANY_ATTACHMENTS = "每条诉求最多{limit}个附件"
ATTACHMENT_REFUSED = "{filename}：{problem}（请重新选择附件）"
REQUEST_FILED = "已登记诉求 {number}"
REQUEST_FILED_ELSEWHERE = "已登记诉求 {number}，按类别由{station}办理"

# 政策库
POLICY_SAVED = "已保存“{title}”"
POLICY_PUBLISHED = "已发布“{title}”，公开页面已可访问"
POLICY_UNPUBLISHED = "已撤回“{title}”，公开页面不再显示"
POLICY_ATTACHED = "已上传附件“{filename}”"
POLICY_DETACHED = "已删除附件“{filename}”"
POLICY_TOPIC_ADDED = "已添加专题“{name}”"
POLICY_DEFAULTS_SAVED = "已保存各类人员的默认订阅专题，今后提交登记的人将按此订阅（已自行选择过的人不变）"
WHOLE_NETWORK = "全网（所有站点）"

# 常用答复
CANNED_ANSWER_RETIRED = "该常用答复已停用"
CANNED_ANSWER_SAVED = "已保存“{title}”"
CANNED_ANSWER_RETIRED_NOW = "已停用“{title}”"
PLACEHOLDER_HINT = "可用占位符：{placeholders}，答复时自动替换为本人姓名、诉求编号、站点和类别"

# 服务事项, 预约设置, 活动
SERVICE_SAVED = "已保存“{name}”"
SCHEDULE_SAVED = "已保存“{service}”的预约设置"
NOTICE_HOURS_NEEDED = "请填写需提前预约的小时数"
EVENT_CREATED = "已发布活动“{title}”"
EVENT_CANCELLED = "活动已取消，已通知全部报名和候补人员"
SIGNUP_CANCELLED = "已取消{name}的报名，已通知本人"
NO_NAME = "（未留姓名）"

# 预约
DESK_STATION_UNKNOWN = "站点不正确，请从列表中选择"
DESK_BAD_DAY = "日期“{value}”格式不正确，应为 2026-12-08 这样的日期"
DESK_BAD_SLOT = "时段不正确，请从当天的时段中选择"
SLOT_CHOICE = "{time}（余{left}）"
BOOKED_FOR = "已为{name}预约“{service}”：{time}"
BOOKING_DONE = "{name}：已完成"
BOOKING_NO_SHOW = "{name}：已标记爽约"
BOOKING_CANCELLED = "{name}：已取消预约，已通知本人"
SLOT_CLOSED_DONE = "{time} 的时段已停止预约，取消了 {count} 个预约并通知本人"
DAYS_CLOSED = "已添加闭站日期，取消了 {count} 个预约并通知本人"
CHECKED_IN = "{name}：“{what}”已签到"
EXPORT_RANGE = "导出的日期范围应为 1 至 {days} 天，结束日期不早于开始日期"
BOOKINGS_LEDGER = "预约台账"
BOOKINGS_LEDGER_COLUMNS = ("日期", "时间", "服务事项", "姓名", "手机号", "方式", "状态", "取消原因")

ACTION_NAMES = {
    "login": "登录",
    "login.failed": "登录失败",
    "logout": "退出登录",
    "booking.create": "代为预约",
    "booking.check_in": "预约签到",
    "booking.done": "预约办结",
    "booking.no_show": "标记爽约",
    "booking.cancel": "取消预约",
    "bookings.export": "导出预约台账",
    "slot.close": "停止时段预约",
    "service.save": "保存服务事项",
    "schedule.save": "保存预约安排",
    "event.signup.check_in": "活动签到",
    "calendar.set": "录入工作日历",
    "canned_answer.create": "新增常用答复",
    "canned_answer.update": "修改常用答复",
    "canned_answer.retire": "停用常用答复",
    "category.add": "新增人员类别",
    "category.enable": "启用人员类别",
    "category.disable": "停用人员类别",
    "data.rotate_key": "更换加密密钥",
    "event.create": "发布活动",
    "event.cancel": "取消活动",
    "event.signup.cancel": "取消活动报名",
    "registration.approve": "登记审核通过",
    "registration.return": "登记退回",
    "registration.walk_in": "现场登记",
    "request.file": "代为登记诉求",
    "request.reply": "答复诉求",
    "request.note": "添加内部备注",
    "request.move": "变更诉求状态",
    "request.extend": "延长办理期限",
    "request.priority": "调整紧急程度",
    "request.assign": "指派办理人",
    "request.pass_up": "上报",
    "request.pass_down": "交办",
    "request.merge": "合并诉求",
    "request.link": "关联诉求",
    "request.followup": "记录回访",
    "request.attachment.view": "查看诉求附件",
    "request.phone.unmask": "查看来电人完整手机号",
    "request_category.save": "保存诉求类别",
    "requests.export": "导出诉求台账",
    "staff.create": "新建账号",
    "staff.update": "修改账号",
    "staff.enable": "启用账号",
    "staff.disable": "停用账号",
    "staff.away": "标记休假/外出",
    "staff.back": "恢复在岗",
    "staff.password.change": "修改密码",
    "staff.password.reset": "重置密码",
    "staff.wechat.bind_start": "开始绑定微信",
    "staff.wechat.bind": "绑定微信",
    "staff.wechat.unbind": "解绑微信",
    "station.create": "新建站点",
    "station.update": "修改站点",
    "station.closure.add": "添加闭站日期",
    "station.closure.remove": "删除闭站日期",
    "stations.import": "导入站点",
    "veteran.unmask": "查看完整登记信息",
    "veteran.consent.withdraw": "本人撤回同意",
    "veteran.deletion.request": "本人申请删除信息",
    "veteran.deletion.confirm": "确认删除申请",
    "veteran.deleted": "删除人员信息",
    "veterans.export": "导出退役军人和其他优抚对象台账",
    "veterans.import": "导入退役军人和其他优抚对象台账",
    "policy.save": "保存政策",
    "policy.publish": "发布政策",
    "policy.unpublish": "撤回政策",
    "policy.attach": "上传政策附件",
    "policy.detach": "删除政策附件",
    "policy_topic.add": "新增政策专题",
    "policy_topic.enable": "启用政策专题",
    "policy_topic.disable": "停用政策专题",
}

RECORD_NAMES = {
    "service_request": "诉求",
    "booking": "预约",
    "schedule": "预约安排",
    "service": "服务事项",
    "event_signup": "活动报名",
    "staff": "账号",
    "station": "站点",
    "station_closure": "闭站日期",
    "veteran": "登记",
    "veteran_category": "人员类别",
    "request_category": "诉求类别",
    "canned_answer": "常用答复",
    "attachment": "附件",
    "calendar_day": "工作日历",
    "follower": "关注用户",
    "station_event": "活动",
    "policy_article": "政策",
    "policy_topic": "政策专题",
}

DETAIL_NAMES = {
    "number": "编号",
    "channel": "渠道",
    "move": "操作",
    "attachment_id": "附件编号",
    "kind": "类型",
    "fields": "字段",
    "rows": "条数",
    "unmasked": "含完整信息",
    "filters": "条件",
    "file": "文件",
    "filename": "文件名",
    "reason": "原因",
    "username": "用户名",
    "role": "角色",
    "station": "站点",
    "priority": "紧急程度",
    "source": "来源",
    "view": "视图",
    "state": "状态",
    "category_id": "类别编号",
    "track": "程序",
    "q": "搜索",
    "name": "姓名",
    "mobile_tail": "手机尾号",
    "capped": "超出上限",
    "title": "标题",
    "due_on": "期限",
    "created": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "from": "起",
    "to": "止",
    "starts_at": "时段",
    "service": "服务事项",
}

# The fields a change or an unmasked view names (an audit entry's `fields`).
FIELD_NAMES = {
    "name": "姓名/名称",
    "role": "角色",
    "station": "站点",
    "phone": "电话",
    "address": "地址",
    "hours": "办公时间",
    "latitude": "纬度",
    "longitude": "经度",
    "id_number": "身份证号",
    "mobile": "手机号",
    "hukou_address": "户籍地址",
    "residence_address": "居住地址",
}

# The queue's views (its tabs), as the queue and an export's filters name them.
VIEW_NAMES = {
    "all": "全部",
    "open": "未办结",
    "mine": "我的",
    "unassigned": "未分派",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "escalated": "督办中",
    "handled": "我经办的",
}
VALUE_NAMES = {
    "channel": CHANNEL_NAMES,
    "source": SOURCE_NAMES,
    "role": ROLE_NAMES,
    "state": REQUEST_STATE_NAMES | VETERAN_STATE_NAMES,  # no state name is both
    "track": TRACK_NAMES,
    "view": VIEW_NAMES,
    "move": {name: action.label for name, action in ACTIONS.items()},
    "fields": FIELD_NAMES,
}
bp.add_app_template_global(VIEW_NAMES, "request_view_names")


def label(table, value):
    """`value` in words from `table`, or as stored when the table does not know it."""
    return table.get(value, value) if value is not None else ""


def detail_value(key, value):
    """One value of an audit entry's detail in words: lists and filters item by item."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(f"{label(DETAIL_NAMES, k)} {detail_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(detail_value(key, item)) for item in value)
    return label(VALUE_NAMES.get(key, {}), value)


@bp.app_template_filter("scope_name")
def scope_name(station):
    """What a user's pages cover: the station, 及下属站点 only when it has stations below."""
    return f"{station.name}及下属站点" if station.children else station.name


@bp.app_template_filter("detail_text")
def detail_text(detail):
    """An audit entry's detail as `键：值` pairs in words."""
    return "；".join(f"{label(DETAIL_NAMES, k)}：{detail_value(k, v)}" for k, v in (detail or {}).items())


@bp.app_context_processor
def label_tables():
    return {
        "label": label,
        "channel_names": CHANNEL_NAMES,
        "source_names": SOURCE_NAMES,
        "action_names": ACTION_NAMES,
        "record_names": RECORD_NAMES,
    }


PUSH_SUBMITTED = {
    "awaiting_approval": "推送已提交，等待审核",
    "scheduled": "推送已安排发送",
    "draft": "推送草稿已保存",
}
PUSH_APPROVED = "已审核通过，推送将按时发送"
PUSH_CANCELLED = "推送已取消"
PUSH_STATES = {
    "draft": "草稿",
    "awaiting_approval": "待审核",
    "scheduled": "待发送",
    "sending": "发送中",
    "sent": "已发送",
    "cancelled": "已取消",
    "failed": "发送失败",
}
PUSH_ALL = "全部关注用户"
PUSH_NO_ARTICLE = "（不推送政策，只发文字）"
PUSH_STATIONS = "站点：{names}"
PUSH_CATEGORIES = "人员类别：{names}"
PUSH_TOPICS = "订阅专题：{names}"
