"""What notices say besides their news (Simplified Chinese, one place)."""

TEMPLATE_TIME = "%Y年%m月%d日 %H:%M"  # a template's time field, Asia/Shanghai
ALREADY_RESENT = "这条答复已重新发送过（或已有结果），不会再次发送"
