"""Messages of the policy library (Simplified Chinese, one place)."""

FIELD_REQUIRED = "请填写{label}"
PUBLISHED_ON_REQUIRED = "请选择发文日期"
FIELD_TOO_LONG = "{label}不能超过{limit}个字"
LABELS = {
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文机关",
    "summary": "摘要",
    "body_html": "正文",
    "source_url": "原文链接",
}
BODY_EMPTY = "正文不能为空（不允许的标签和脚本已被去掉）"
SOURCE_URL_INVALID = "原文链接应以 http:// 或 https:// 开头"
DATES_OUT_OF_ORDER = "失效日期不能早于生效日期（未填生效日期时：发文日期）"
STATION_NOT_IN_SCOPE = "只能选择您管辖范围内的站点"
WHOLE_NETWORK_ONLY_AT_TOP = "只有市级账号可以发布全网适用的政策，请选择适用站点"
TOPIC_UNKNOWN = "所选专题不存在或已停用"
CATEGORY_UNKNOWN = "所选人员类别不存在或已停用"
ALREADY_PUBLISHED = "该政策已发布"
NOT_PUBLISHED = "该政策尚未发布"
ARTICLE_NOT_FOUND = "没有找到这篇政策，它可能尚未发布或已撤回"

TOPIC_NAME_LENGTH = "专题名称应为2-32个字"
TOPIC_TAKEN = "已有名为“{name}”的专题"

ATTACHMENT_NOT_PDF = "附件只能是PDF文件"
ATTACHMENT_TOO_LARGE = "附件不能超过{megabytes}MB"
ATTACHMENT_EMPTY = "附件是空文件"
ATTACHMENT_LIMIT = "每篇政策最多{count}个附件"
ATTACHMENT_NOT_FOUND = "附件不存在"

LIST_JOINER = "、"
TOPICS_UNKNOWN = "所选专题不存在或已停用：{ids}"
TOO_MANY_TOPICS = "最多可以选择{limit}个专题"
DEFAULT_TOPICS_SET = "默认订阅专题"

# Our tags in the official account's 用户标签 (WeChat: at most 30 characters)
TAG_NAMES = {"topic": "专题·{name}", "category": "类别·{name}", "county": "区县·{name}"}
TAG_PLAN_TOO_LARGE = (
    "标签方案需要{count}个标签，超过了可用的{limit}个（微信每个服务号最多100个标签，另留{reserve}个备用）。"
    "请停用一些专题或人员类别。"
)
TAG_PLAN_TOO_MANY_TOPICS = (
    "使用中的专题有{count}个，超过了{limit}个：微信每位关注者最多20个标签，"
    "除专题外还要留给人员类别、区县和备用。请停用一些专题。"
)
