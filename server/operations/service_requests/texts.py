"""What people and staff are told about requests (诉求): refusals, timeline entries and reminders
(Simplified Chinese, one place). The names of stored values (actions, attachment kinds) stay in
their tables beside the code, as the models keep theirs."""

# A text out of its limits (clean_text), and what each text is called in it
TEXT_LENGTH = "{label}请写{low}-{high}字"
CONTENT = "诉求内容"
TITLE = "标题"
ADDED_TEXT = "补充内容"
WITHDRAW_REASON = "撤回原因"
CATEGORY_NAME = "类别名称"
REPLY = "答复内容"
NOTE = "备注"
FOLLOWUP = "回访情况"
COMMENT = "评价内容"
DAY_LIMITS = {"first_response_days": "首次答复时限", "resolution_days": "办结时限"}

# Filing and the person's own requests
CHANNEL_INVALID = "渠道不正确"
CATEGORY_REQUIRED = "请选择诉求类别"
STATION_UNKNOWN = "请先完成登记建档，或扫描服务站二维码关注，以便确定受理站点"
DUPLICATE = "您近期已提交过同类诉求（编号{number}），可补充到该诉求中"
NOT_FOUND = "没有找到这条诉求"
CLOSED_NO_MESSAGE = "该诉求已办结或关闭，如有新情况请提交新的诉求"
CLOSED_NO_WITHDRAW = "该诉求已办结或关闭，无需撤回"
RESUMED_BY_MESSAGE = "本人已补充，继续办理"
WITHDRAWN = "本人撤回"
AUTO_ASSIGNER = "自动分派"  # the system actor that assigns a new request

# Request categories
TRACK_REQUIRED = "请选择办理程序"
DAY_LIMIT_RANGE = "{label}请填1-90个工作日"
PETITION_RESOLUTION_TOO_LONG = "信访事项的办结时限不能超过{days}日（信访工作条例），延期另行办理"
ROUTE_LEVEL_INVALID = "分派层级不正确"
CATEGORY_TAKEN = "已有同名类别"

# States and deadlines
UNKNOWN_ACTION = "未知的操作"
ACTION_NOT_NOW = "诉求当前为“{state}”，不能{action}"
ACTION_REASON = "请写明{action}的说明（2-2000字），本人会看到"
STAFF_REASON = "说明：{reason}"
STATE_NEWS = "状态更新为“{state}”。"
EXTEND_ONLY_ACCEPTED = "只有已受理的信访事项可以延期"
EXTEND_ONCE = "办理期限只能延长一次"
EXTEND_DAYS_RANGE = "延长天数请填1-{days}个工作日"
EXTEND_REASON = "请写明延期理由（2-500字），本人会看到"
EXTEND_NEWS = "办理期限延长{days}个工作日。"
EXTEND_STAFF_REASON = "理由：{reason}"
PRIORITY_INVALID = "紧急程度只能是“普通”或“紧急”"
PRIORITY_CLOSED = "已办结或关闭的诉求不能调整紧急程度"
PRIORITY_SAME = "该诉求已是“{priority}”"
CLOSE_WAITS_FOR_RATING = "已邀请本人评价：本人评价后，或办结满{days}个工作日后才能关闭"
FINALIZE_WAITS_FOR_REVIEW = "本人可在收到办理意见后{days}个工作日内申请复查、复核，期满后才能终结"
REOPEN_TOO_LATE = "办结超过{days}个工作日的诉求不能重新办理，请提交新的诉求"
REVIEW_AFTER_SECOND = "复核后不再受理同一事项"
REVIEW_TOO_LATE = "复查、复核须在收到办理意见之日起{days}个工作日内提出"

# Replies, notes, 回访, merges and links
REPLY_TO_MERGED = "该诉求已合并，请在合并后的诉求中答复"
REPLY_NEWS = "有新答复："
REPLY_STATUS = "有新回复"
FOLLOWUP_BEFORE_RESOLVED = "办结后才能回访"
FOLLOWUP_RATING_INVALID = "评价不正确"
MERGE_SELF = "不能合并到自身"
MERGE_CLOSED = "只能合并两条未办结的诉求"
MERGE_TRACKS = "信访事项和服务诉求的办理程序不同，不能合并，请使用“关联”"
MERGE_PEOPLE = "不同人的诉求不能合并，请使用“关联”"
MERGED_INTO = "已合并至诉求{number}"
MERGED_FROM = "合并了诉求{number}：{content}"
LINK_SELF = "不能关联自身"
LINKED = "关联诉求{number}"

# Assigning and passing on
ASSIGN_CLOSED = "该诉求已办结或关闭，无需指派"
ASSIGN_OUTSIDE = "只能指派给受理站点的在岗工作人员"
ASSIGNED_TO = "指派给{name}"
UNASSIGNED = "取消指派"
ASSIGNED_NOTICE = "诉求{number}已指派给您：{title}"
PASS_UP_AT_TOP = "已在最高一级，无法再上报"
PASSED_UP = "上报至{station}"
PASS_DOWN_OUTSIDE = "只能交办给下级站点"
PASSED_DOWN = "交办至{station}"
PASS_NOTE = "请写明转交说明（2-500字）"
PASS_CLOSED = "该诉求已办结或关闭，不能再转交"

# Deadline reminders and 督办
SWEEPER = "督办提醒"  # the system actor of the deadline sweep
DUE_SOON = "诉求{number}将于{due:%m月%d日}到期（{days}个工作日内），请及时办理：{title}"
OVERDUE = "督办：诉求{number}（{station}）已于{due:%m月%d日}逾期未办结：{title}"

# Rating
RATE_BEFORE_RESOLVED = "诉求办结后才能评价"
RATED_ALREADY = "您已评价过这次办理结果"
RATING_INVALID = "请选择满意、基本满意或不满意"
UNSATISFIED = "本人对办理结果不满意"

# The dashboard's period
PERIOD_DATE_FORMAT = "日期格式应为 2026-01-31"
PERIOD_YEARS = "日期应在{first}年至{last}年之间"
PERIOD_ENDS_BEFORE_START = "结束日期不能早于开始日期"
PERIOD_TOO_LONG = "统计时段最长两年"

# Attachments
ATTACHMENT_KIND_UNKNOWN = "只能上传图片、语音或PDF文件"
ATTACHMENT_CLOSED = "该诉求已办结或关闭，不能再添加附件"
ATTACHMENTS_TOO_MANY = "每条诉求最多{limit}个附件"
ATTACHMENT_ADDED = "添加了{kind}"
ATTACHMENT_EMPTY = "文件是空的"
ATTACHMENT_TOO_LARGE = "{kind}不能超过{megabytes}MB"
ATTACHMENT_FORMAT = "不支持这种{kind}格式"
ATTACHMENT_NOT_FOUND = "附件不存在"

# Canned answers (常用答复)
CANNED_NAME_UNKNOWN = "您"  # {姓名} of a request filed without a name
CANNED_TITLE_TAKEN = "本站已有同名的常用答复"
CANNED_RETIRED = "该常用答复已停用"

# Telling the person (updates.py)
HEADLINE = "您的诉求（编号{number}）{news}"
SEE_RECORD = "回复“我的诉求”可查看办理记录。"
NEXT_STEP = {  # the request's state -> what the person can do now (SEE_RECORD otherwise)
    "waiting": "请回复“我的诉求”，选择这条诉求后回复“补充”说明情况。",
    "resolved": "请回复“评价”对办理结果进行评价（满意/基本满意/不满意）；" + SEE_RECORD,
    "concluded": "请回复“评价”对办理结果进行评价（满意/基本满意/不满意）；" + SEE_RECORD,
}
