"""What the console calls the values it stores, one table per kind: audit actions, record types, the
keys and fields of an audit entry's detail and the queue's views here; a request's channel and state
(models.request), a registration's source and state (models.veteran) and a role (models.staff) beside
their models. A value no table knows yet is shown as it is stored rather than breaking the page."""

from models.request import CHANNEL_NAMES, TRACK_NAMES
from models.request import STATE_NAMES as REQUEST_STATE_NAMES
from models.staff import ROLE_NAMES
from models.veteran import SOURCE_NAMES
from models.veteran import STATE_NAMES as VETERAN_STATE_NAMES
from server.console import bp
from server.operations.service_requests.states import ACTIONS

ACTION_NAMES = {
    "login": "登录",
    "login.failed": "登录失败",
    "logout": "退出登录",
    "calendar.set": "录入工作日历",
    "canned_answer.create": "新增常用答复",
    "canned_answer.update": "修改常用答复",
    "canned_answer.retire": "停用常用答复",
    "category.add": "新增人员类别",
    "category.enable": "启用人员类别",
    "category.disable": "停用人员类别",
    "data.rotate_key": "更换加密密钥",
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
}

RECORD_NAMES = {
    "service_request": "诉求",
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
