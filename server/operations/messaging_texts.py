"""What notices say besides their news: template fields and refusals (Simplified Chinese, one place)."""

TEMPLATE_TIME = "%Y年%m月%d日 %H:%M"  # a template's time field, Asia/Shanghai
ALREADY_RESENT = "这条答复已重新发送过（或已有结果），不会再次发送"
STAFF_NOTICE_KINDS = {"assign": "新分派", "warn": "即将到期", "escalate": "督办"}
STAFF_NOTICE_OTHER = "提醒"
