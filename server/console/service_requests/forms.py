"""The forms of the request page (Flask-WTF: each carries a CSRF token). The operations check the
content (lengths, states); these only take what was typed and keep it when an action is refused."""

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from models.request import RATINGS
from server.console.forms import ChoiceField, Form

TEXT_LIMIT = 2000


class ReplyForm(Form):
    body = TextAreaField(
        "公开答复（本人会收到）", validators=[DataRequired("请填写答复内容"), Length(max=TEXT_LIMIT)]
    )


class NoteForm(Form):
    body = TextAreaField(
        "内部备注（本人看不到）", validators=[DataRequired("请填写备注"), Length(max=TEXT_LIMIT)]
    )


class MoveForm(Form):
    reason = TextAreaField("说明（本人会看到）", validators=[Optional(), Length(max=TEXT_LIMIT)])


class ExtendForm(Form):
    days = IntegerField(
        "延长工作日数",
        validators=[InputRequired("请填写延长天数"), NumberRange(1, 30, "延长天数请填1-30个工作日")],
    )
    reason = TextAreaField(
        "延期理由（本人会看到）", validators=[DataRequired("请写明延期理由"), Length(max=500)]
    )


class AssignForm(Form):
    assignee_id = SelectField("办理人", coerce=int)


class PassUpForm(Form):
    note = TextAreaField("上报说明", validators=[DataRequired("请写明上报说明"), Length(max=500)])


class PassDownForm(Form):
    station_id = SelectField("交办给", coerce=int)
    note = TextAreaField("交办说明", validators=[DataRequired("请写明交办说明"), Length(max=500)])


class NumberForm(Form):
    """Another request named by its number, for merging and linking."""

    number = StringField(
        "诉求编号", validators=[DataRequired("请填写诉求编号"), Length(max=16)], description="如 2026-0001234"
    )


class FollowupForm(Form):
    body = TextAreaField("回访情况", validators=[DataRequired("请填写回访情况"), Length(max=1000)])
    rating = SelectField(
        "本人评价",
        choices=[SelectChoice("", "未评价")] + [SelectChoice(k, v) for k, v in RATINGS.items()],
        validators=[Optional()],
    )


ROUTE_LEVELS = [
    ("", "本人所在村（社区）站"),
    ("township", "乡镇（街道）站"),
    ("county", "县（区）中心"),
    ("city", "市中心"),
]


class RequestCategoryForm(Form):
    """诉求类别: the operation checks the values; the form only keeps what was typed."""

    name = StringField("类别名称", validators=[DataRequired("请填写类别名称"), Length(max=32)])
    track = ChoiceField(
        "办理程序",
        "请选择办理程序",
        choices=[SelectChoice("service", "服务诉求"), SelectChoice("petition", "信访事项（信访工作条例）")],
    )
    first_response_days = IntegerField("首次答复时限（工作日）", validators=[InputRequired("请填写时限")])
    resolution_days = IntegerField("办结时限（工作日）", validators=[InputRequired("请填写时限")])
    route_level = ChoiceField(
        "受理层级",
        "请选择受理层级",
        choices=[SelectChoice(value, label) for value, label in ROUTE_LEVELS],
    )
    active = BooleanField("使用中", default=True)
