"""Messages of policy pushes (Simplified Chinese, one place)."""

# Why a person the audience names gets nothing: the count before sending, and the push's history
LEFT_OUT_REASONS = {
    "not_following": "未关注公众号",
    "miniapp_only": "仅使用小程序且未允许订阅消息",
    "monthly_limit": "本月已收满4条群发",
    "unsubscribed": "未订阅所选专题",
}

CONTENT_REQUIRED = "请选择一篇政策，或填写推送文字"
CONTENT_BOTH = "政策和推送文字只能选一种"
TEXT_TOO_LONG = "推送文字不能超过{limit}个字"
ARTICLE_NOT_PUBLISHED = "只能推送已发布且未失效、适用于您管辖范围的政策"
AUDIENCE_REQUIRED = "请选择推送对象：全部关注用户，或按站点、人员类别、订阅专题选择"
AUDIENCE_ALL_AND_FILTERS = "选择“全部关注用户”时不能再按站点、人员类别或专题筛选"
ALL_ONLY_AT_TOP = "只有市级账号可以推送给全部关注用户，请选择站点"
STATION_NOT_IN_SCOPE = "只能选择您管辖范围内的站点"
CATEGORY_UNKNOWN = "所选人员类别不存在或已停用"
TOPIC_UNKNOWN = "所选专题不存在或已停用"
SEND_AT_PAST = "定时发送的时间已过，请重新选择"
SEND_AT_TOO_FAR = "定时发送最多提前{days}天"
TOO_FEW = "按名单群发至少需要2位能收到的关注用户，当前只有{count}位"
NOT_DRAFT = "这条推送已提交，不能再提交"
NOT_AWAITING = "这条推送不在待审核状态"
NOT_CANCELLABLE = "这条推送已开始发送或已结束，不能取消"
PUSH_NOT_FOUND = "没有找到这条推送"
SENT_TO_ALL = "全部关注用户"
ARTICLE_GONE = "所推送的政策已撤回或已失效，未发送"
UNCONFIRMED = "发送超过23小时仍未确认，为免重复不再重发"

# The subscribe message (政策更新提醒) to people who use only the mini-program
NOTICE_TEXT = "政策更新提醒：{title}"
NOTICE_DATE = "%Y年%m月%d日"
NOTICE_HINT_ARTICLE = "点击查看政策全文"
NOTICE_HINT_TEXT = "点击查看更多政策"
