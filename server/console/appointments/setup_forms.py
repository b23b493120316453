"""The forms of 服务事项, 预约设置 and 活动 (setup.py, events.py)."""

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from models.station import LEVEL_NAMES
from models.station_event import KIND_NAMES
from server.console.forms import ChineseRefusal, ChoiceField, Form

REGISTRATION_NAMES = {"none": "不需要", "submitted": "已提交登记即可", "approved": "登记审核通过后"}
NOTICE_NAMES = {"next_day": "从下一个工作日起", "hours": "提前若干小时"}


class Checkboxes(ChineseRefusal, SelectMultipleField):
    """Ticks, one per choice; refuses in Chinese a value not offered (a form edited by hand)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _number(label, message, default=None):
    return IntegerField(label, default=default, validators=[InputRequired(message)])


class ServiceForm(Form):
    name = StringField("事项名称", validators=[DataRequired("请填写事项名称"), Length(max=40)])
    minutes = _number("办理时长（分钟）", "请填写办理时长", 30)
    materials = TextAreaField("材料清单（每行一项）", validators=[Optional(), Length(max=2000)])
    levels = Checkboxes(
        "办理层级", "请选择办理层级", choices=[SelectChoice(k, v) for k, v in LEVEL_NAMES.items()]
    )
    registration_needed = ChoiceField(
        "是否需要先登记建档",
        "请选择是否需要先登记建档",
        choices=[SelectChoice(k, v) for k, v in REGISTRATION_NAMES.items()],
    )
    online = BooleanField("可在公众号和小程序预约", default=True)
    active = BooleanField("启用", default=True)
    sort = IntegerField("排序（小的在前）", default=100, validators=[Optional()])

    FIELDS = ("name", "minutes", "materials", "levels", "registration_needed", "online", "active")

    def values(self):
        values = {name: getattr(self, name).data for name in self.FIELDS}
        values["materials"] = "\n".join(
            line.strip() for line in (values["materials"] or "").splitlines() if line.strip()
        )
        if self.sort.data is not None:
            values["sort"] = self.sort.data
        return values


class ScheduleForm(Form):
    active = BooleanField("开放预约")
    hours = StringField(
        "预约时间",
        validators=[Optional(), Length(max=100)],
        description="留空则按本站办公时间；如 09:00-11:30,14:00-16:30",
    )
    slot_minutes = _number("每个时段（分钟）", "请填写时段长度", 30)
    desks = _number("窗口数（每个时段可接待人数）", "请填写窗口数", 1)
    held_back = _number("其中留给现场和电话预约", "请填写预留名额", 0)
    notice = ChoiceField(
        "最早可约", "请选择最早可约时间", choices=[SelectChoice(k, v) for k, v in NOTICE_NAMES.items()]
    )
    notice_hours = IntegerField("提前小时数", validators=[Optional()])
    window_days = _number("最多可提前预约（天）", "请填写可提前预约的天数", 14)
    cutoff_hours = _number("开始前多少小时停止取消和改约", "请填写取消截止小时数", 2)

    NUMBERS = ("slot_minutes", "desks", "held_back", "window_days", "cutoff_hours")

    def load(self, schedule):
        """Fill an unsubmitted form from the saved schedule."""
        for name in ("active", "hours", *self.NUMBERS):
            getattr(self, name).data = getattr(schedule, name)
        self.notice.data = "next_day" if schedule.notice_hours is None else "hours"
        self.notice_hours.data = schedule.notice_hours

    def values(self):
        values = {name: getattr(self, name).data for name in self.NUMBERS}
        values["active"] = self.active.data
        values["hours"] = (self.hours.data or "").strip() or None
        values["notice_hours"] = self.notice_hours.data if self.notice.data == "hours" else None
        return values


class EventForm(Form):
    station_id = ChoiceField("举办站点", "请选择您管辖范围内的站点", coerce=int)
    kind = ChoiceField(
        "活动类型", "请选择活动类型", choices=[SelectChoice(k, v) for k, v in KIND_NAMES.items()]
    )
    title = StringField("活动名称", validators=[DataRequired("请填写活动名称"), Length(max=60)])
    place = StringField("地点", validators=[DataRequired("请填写地点"), Length(max=120)])
    description = TextAreaField("活动介绍", validators=[Optional(), Length(max=2000)])
    starts_at = DateTimeLocalField("开始时间", validators=[InputRequired("请填写开始时间")])
    ends_at = DateTimeLocalField("结束时间", validators=[InputRequired("请填写结束时间")])
    signup_until = DateTimeLocalField("报名截止时间", validators=[InputRequired("请填写报名截止时间")])
    capacity = _number("名额", "请填写名额")
    waitlist = BooleanField("名额满后可候补", default=True)
    category_ids = Checkboxes("面向人员类别（不选则面向全部）", "请选择人员类别", coerce=int)


class ReasonForm(Form):
    reason = StringField("原因（会告知本人）", validators=[DataRequired("请填写原因"), Length(max=200)])
