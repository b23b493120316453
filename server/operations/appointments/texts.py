"""What appointments and station events say to people and staff (Simplified Chinese)."""

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
MONTH_DAY = "{month}月{day}日"
DAY_LABEL = "{month}月{day}日 {weekday}"
WHEN = "{month}月{day}日 {weekday} {time}"
LIST_JOIN = "、"
AUDIENCE = "{station}辖区"
AUDIENCE_OF = "{station}辖区的{categories}"
BAD_HOURS = "办公时间“{hours}”格式不正确，应为“08:30-12:00,14:00-17:30”。"
SERVICE_UNKNOWN = "没有这项服务事项。"
SERVICE_NOT_ONLINE = "“{service}”暂不支持网上预约，请直接到服务站办理或电话咨询。"
SERVICE_NOT_HERE = "“{station}”不办理“{service}”，请选择其他服务站。"
STATION_UNKNOWN = "没有这个服务站。"
SLOT_NOT_OFFERED = "所选时间不可预约：请选择可预约日期内、服务站办公时间中的时段。"
SLOT_CLOSED = "所选时段已停止预约，请选择其他时间。"
SLOT_FULL = "所选时段已约满。"
SLOT_FULL_OFFER = "所选时段已约满，最近可预约的时间：{times}。"
SLOT_FULL_NONE = "所选时段已约满，近期没有可预约的时间，请电话联系服务站。"
ALREADY_BOOKED_DAY = "您当天已预约“{service}”（{time}），同一事项每天只能预约一次。"
TOO_MANY_OPEN = "您已有{limit}个未办理的预约，请办理或取消后再预约。"
ON_HOLD = (
    "您近{window}天内有{count}次预约未到场也未取消，{until}前暂停网上预约。"
    "如需办理，请直接到服务站或拨打电话{phone}。"
)
NEEDS_REGISTRATION = "办理“{service}”需要先登记建档。请通过菜单“我要办事 → 登记建档”登记后再预约。"
NEEDS_APPROVAL = "办理“{service}”需要登记审核通过后才能预约，您的登记正在审核中。"
BOOKING_UNKNOWN = "没有找到这个预约。"
STATE_CHANGED = "该预约现为“{state}”，不能进行此操作。"
NOT_CANCELLABLE = "该预约现为“{state}”，不能取消或改约。"
PAST_CUTOFF = "距预约时间不足{hours}小时，已不能在网上取消或改约，请电话联系服务站：{phone}。"
MOVE_NOT_OFFERED = (
    "“{station}”已暂停办理“{service}”，不能在网上改约，原预约不变；如需调整请电话联系服务站：{phone}。"
)
SAME_SLOT = "新时间与原预约相同。"
REASON_REQUIRED = "请填写原因。"
CANCEL_BY_PERSON = "本人取消"
MOVED = "改约到{time}"
NAME_REQUIRED = "请填写姓名。"
CODE_UNKNOWN = "签到码无效：请核对后重新输入，或请来访人出示“我的预约”中的签到码。"
CODE_OTHER_DAY = "这是{day}的预约，只能在预约当天签到。"
CODE_NOT_BOOKED = "该预约现为“{state}”，不能签到。"
NOT_CHECKED_IN = "该预约现为“{state}”，签到后才能标记为已完成。"
NOT_DUE_YET = "预约时间还没到，不能标记为爽约。"
PHONE_UNKNOWN = "服务站"

EVENT_UNKNOWN = "没有找到这个活动。"
EVENT_CLOSED = "该活动报名已截止。"
EVENT_CANCELLED = "该活动已取消。"
EVENT_FULL = "该活动名额已满。"
EVENT_NOT_FOR_YOU = "该活动面向{audience}，您不在报名范围内。"
EVENT_ALREADY = "您已报名该活动（{state}）。"
EVENT_BAD_TIMES = "活动结束时间应晚于开始时间，报名截止时间不能晚于开始时间。"
EVENT_BAD_KIND = "请选择活动类型。"
EVENT_IN_PAST = "活动开始时间不能早于现在。"
EVENT_BAD_CAPACITY = "名额应为1到10000之间的整数。"
SIGNUP_NOT_CANCELLABLE = "该报名现为“{state}”，不能取消。"

# Notices to the person (customer-service message; the template keeps within its fields)
BOOKED_NOTICE = (
    "预约成功：{service}\n时间：{time}\n地点：{station}（{address}）\n{materials}"
    "签到码：{code}（到站后在窗口报出此码，用小程序的也可出示小程序“我的预约”中的二维码）\n"
    "如需取消或改约，请在预约时间{cutoff}小时前操作。"
)
MATERIALS_LINE = "请携带：{items}\n"
REMINDER_NOTICE = (
    "预约提醒：您明天（{time}）在{station}办理“{service}”。\n地址：{address}\n{materials}"
    "签到码：{code}\n如不能前来，请在“我的预约”中取消，把名额留给其他人。"
)
STAFF_CANCELLED_NOTICE = (
    "很抱歉，您{time}在{station}办理“{service}”的预约已被服务站取消，原因：{reason}。\n{offer}"
)
OFFER_TIMES = "可改约的时间：{times}。请通过菜单“我要办事 → 预约办事”重新预约。"
OFFER_NONE = "请通过菜单“我要办事 → 预约办事”选择其他时间，或电话联系服务站：{phone}。"
HOLD_NOTICE = (
    "您近{window}天内有{count}次预约未到场也未取消，{until}前暂停网上预约。"
    "如需办理，请直接到服务站或拨打电话{phone}。"
)
SIGNED_UP_NOTICE = "报名成功：{title}\n时间：{time}\n地点：{place}\n签到码：{code}"
WAITLISTED_NOTICE = "“{title}”名额已满，您已进入候补，排第{position}位。有人取消时将按顺序递补并通知您。"
PROMOTED_NOTICE = (
    "好消息：有人取消了报名，您已从候补转为正式报名“{title}”。\n时间：{time}\n地点：{place}\n签到码：{code}"
)
EVENT_REMINDER_NOTICE = "活动提醒：您报名的“{title}”明天（{time}）开始，地点：{place}。签到码：{code}"
EVENT_CANCELLED_NOTICE = "很抱歉，您报名的“{title}”（{time}）已取消，原因：{reason}。"
SIGNUP_CANCELLED_NOTICE = (
    "很抱歉，服务站取消了您“{title}”（{time}）的报名，原因：{reason}。如有疑问请联系服务站。"
)

# Template message keywords (each ≤ 20 characters, cut by the sender)
TEMPLATE_BOOKED = "预约成功"
TEMPLATE_REMINDER = "明天办理，请按时到站"
TEMPLATE_CANCELLED = "服务站已取消，请改约"
TEMPLATE_HOLD = "暂停网上预约"
TEMPLATE_SIGNED_UP = "报名成功"
TEMPLATE_WAITLISTED = "已进入候补"
TEMPLATE_PROMOTED = "候补转为正式报名"
TEMPLATE_EVENT_REMINDER = "活动明天开始，请准时参加"
TEMPLATE_EVENT_CANCELLED = "活动已取消"
TEMPLATE_SIGNUP_CANCELLED = "服务站已取消您的报名"

# Setting up services and schedules
SERVICE_NAME_REQUIRED = "请填写事项名称（不超过40个字）。"
SERVICE_LEVELS_REQUIRED = "请至少选择一个办理层级。"
SERVICE_REGISTRATION_UNKNOWN = "请选择是否需要先登记建档。"
SERVICE_MINUTES = "办理时长应在5到480分钟之间。"
SCHEDULE_DESKS = "窗口数应在1到50之间，预留名额不能超过窗口数。"
SCHEDULE_SLOT_MINUTES = "每个时段的长度应在5到480分钟之间。"
SCHEDULE_WINDOW = "可提前预约的天数应在1到90之间。"
SCHEDULE_NOTICE = "提前预约的小时数应在0到720之间。"
SCHEDULE_CUTOFF = "取消或改约的截止小时数应在0到168之间。"
