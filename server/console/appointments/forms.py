"""The desk's forms (each with its CSRF token)."""

from wtforms import DateField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from server.console.forms import ChoiceField, Form

REASON_HINT = "本人会收到通知"
REASON = [DataRequired("请填写原因"), Length(max=200)]


class ReasonForm(Form):
    """Cancelling a booking or closing a slot: the reason goes to the people affected."""

    reason = StringField("原因", validators=REASON, description=REASON_HINT)


class CloseSlotForm(ReasonForm):
    schedule_id = HiddenField(validators=[DataRequired()])
    starts_at = HiddenField(validators=[DataRequired()])


class CloseDayForm(Form):
    station = HiddenField(validators=[DataRequired()])
    starts_on = DateField("开始日期", validators=[DataRequired("请选择开始日期")])
    ends_on = DateField("结束日期", validators=[DataRequired("请选择结束日期")])
    reason = StringField("原因", validators=REASON, description="已预约的人会收到通知")


class CheckInForm(Form):
    code = StringField(
        "签到码或二维码内容",
        validators=[DataRequired("请输入6位签到码，或用扫码枪扫描本人的二维码"), Length(max=200)],
    )
    pick = HiddenField()  # which of several matches staff chose: "B12" (a booking) or "E3" (a sign-up)


class BookForm(Form):
    """Booking for someone who phoned or walked in; station, service and day come with the page."""

    starts_at = ChoiceField("时段", "请选择有空位的时段")
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=40)])
    mobile = StringField("手机号", validators=[DataRequired("请填写手机号"), Length(max=20)])
    channel = ChoiceField(
        "方式",
        "请选择电话预约或现场预约",
        choices=[SelectChoice("walkin", "现场预约"), SelectChoice("phone", "电话预约")],
    )
