"""The template messages the account sends: service notices the user's own business triggered.

Template ids belong to the account (chosen in the WeChat admin console), so each comes from
`WECHAT_TEMPLATE_<KEY>`; outside production it defaults to the sandbox's id `sandbox_<key>`.
Values of `thing` keywords over 20 characters are cut by WeChat, so senders keep them short.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    title: str
    fields: tuple  # (keyword, label) in display order

    @property
    def env_name(self):
        return f"WECHAT_TEMPLATE_{self.key.upper()}"

    @property
    def sandbox_id(self):
        return f"sandbox_{self.key}"


TEMPLATES = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            "registration_result",
            "建档审核结果通知",
            (("thing1", "办理事项"), ("phrase2", "审核结果"), ("thing3", "说明"), ("time4", "办理时间")),
        ),
        TemplateSpec(
            "request_update",
            "诉求办理进度通知",
            (
                ("character_string1", "诉求编号"),
                ("thing2", "诉求事项"),
                ("phrase3", "办理状态"),
                ("time4", "更新时间"),
            ),
        ),
        TemplateSpec(
            "appointment",
            "预约办理提醒",
            (("thing1", "办理事项"), ("time2", "预约时间"), ("thing3", "办理地点"), ("thing4", "温馨提示")),
        ),
        TemplateSpec(
            "event_signup",
            "活动报名通知",
            (("thing1", "活动名称"), ("time2", "活动时间"), ("thing3", "活动地点"), ("thing4", "报名状态")),
        ),
        # Mini-program subscribe messages (one send per tap the person gave when booking)
        TemplateSpec(
            "miniapp_appointment",
            "预约结果通知",
            (("thing1", "办理事项"), ("time2", "预约时间"), ("thing3", "办理地点"), ("thing4", "温馨提示")),
        ),
        TemplateSpec(
            "miniapp_reminder",
            "预约到期提醒",
            (("thing1", "办理事项"), ("time2", "预约时间"), ("thing3", "办理地点"), ("thing4", "温馨提示")),
        ),
        # … and one per tap the person gave for policy notices (订阅推送 in the mini-program)
        TemplateSpec(
            "miniapp_policy",
            "政策更新提醒",
            (("thing1", "政策名称"), ("thing2", "发文机关"), ("date3", "发文日期"), ("thing4", "温馨提示")),
        ),
        TemplateSpec(
            "staff_notice",
            "工作提醒通知",
            (
                ("character_string1", "诉求编号"),
                ("thing2", "所属站点"),
                ("phrase3", "提醒类型"),
                ("time4", "提醒时间"),
            ),
        ),
    )
}
