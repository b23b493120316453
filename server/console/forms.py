"""The console's forms (Flask-WTF: every form carries a CSRF token)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from models.staff import ROLE_NAMES
from server.operations.veterans.registrations import BRANCHES


class Form(FlaskForm):
    """Every console form: WTForms' own messages in Chinese (a value edited by hand, a bad number)."""

    class Meta:
        locales = ("zh",)


class ChineseRefusal:
    """For a choice field: refuses in Chinese (WTForms' own refusals are English) a value not offered
    (a form edited by hand, or a station closed since the page was loaded) or not of its type."""

    def __init__(self, label, refusal, **kwargs):
        super().__init__(label, **kwargs)
        self.refusal = refusal

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.refusal) from error

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(self.refusal) from error


class ChoiceField(ChineseRefusal, SelectField):
    """A select that refuses in Chinese."""


class LoginForm(Form):
    username = StringField("用户名", validators=[DataRequired("请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码"), Length(max=128)])


class PasswordForm(Form):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码")])
    new = PasswordField(
        "新密码（至少8位，含字母和数字）", validators=[DataRequired("请输入新密码"), Length(max=128)]
    )


class StationForm(Form):
    name = StringField("名称", validators=[DataRequired("请填写名称"), Length(max=100)])
    address = StringField("地址", validators=[Optional(), Length(max=255)])
    phone = StringField("电话", validators=[Optional(), Length(max=32)])
    hours = StringField(
        "办公时间（工作日）",
        validators=[Optional(), Length(max=100)],
        description="如 08:30-12:00,14:00-17:30",
    )
    latitude = FloatField("纬度", validators=[Optional()])
    longitude = FloatField("经度", validators=[Optional()])


class NewStationForm(StationForm):
    code = StringField("编码", validators=[DataRequired("请填写编码"), Length(max=32)])


class ClosureForm(Form):
    starts_on = DateField("开始日期", validators=[DataRequired("请选择开始日期")])
    ends_on = DateField("结束日期", validators=[DataRequired("请选择结束日期")])
    reason = StringField("原因", validators=[DataRequired("请填写原因"), Length(max=200)])


class UploadForm(Form):
    file = FileField("文件（.csv 或 .xlsx）", validators=[FileRequired("请选择文件")])


class StaffForm(Form):
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=64)])
    phone = StringField("电话", validators=[Optional(), Length(max=32)])
    station_code = StringField("所属站点编码", validators=[DataRequired("请填写站点编码"), Length(max=32)])
    role = SelectField("角色", choices=[SelectChoice(value, label) for value, label in ROLE_NAMES.items()])


class NewStaffForm(StaffForm):
    username = StringField("用户名", validators=[DataRequired("请填写用户名"), Length(max=64)])
    password = PasswordField("初始密码（至少8位，含字母和数字）", validators=[DataRequired("请填写初始密码")])


class CalendarForm(Form):
    year = StringField("年份", validators=[DataRequired("请填写年份"), Length(min=4, max=4)])
    days = TextAreaField("安排（每行：日期,休 或 班,名称）", validators=[DataRequired("请填写安排")])


class ReturnForm(Form):
    reason = TextAreaField(
        "退回原因（本人会看到）", validators=[DataRequired("请写明退回原因"), Length(max=200)]
    )


class WalkInForm(Form):
    name = StringField("姓名", validators=[DataRequired("请填写姓名")])
    id_number = StringField("身份证号", validators=[DataRequired("请填写身份证号")])
    mobile = StringField("手机号", validators=[DataRequired("请填写手机号")])
    category_id = ChoiceField("人员类别", "请选择人员类别", coerce=int)
    branch = ChoiceField(
        "服役军种（家属可不填）",
        "请选择服役军种",
        choices=[SelectChoice("", "—")] + [SelectChoice(b, b) for b in BRANCHES],
        validators=[Optional()],
    )
    enlisted_on = DateField("入伍日期", validators=[Optional()])
    discharged_on = DateField("退役日期", validators=[Optional()])
    hukou_address = StringField("户籍地址", validators=[DataRequired("请填写户籍地址")])
    residence_address = StringField("居住地址", validators=[DataRequired("请填写居住地址")])
    station_id = ChoiceField("所在村（社区）服务站", "请选择您管辖范围内的村（社区）服务站", coerce=int)
    consent = BooleanField(
        "已向本人告知个人信息保护说明并取得书面同意", validators=[DataRequired("须取得本人同意")]
    )
    approve = BooleanField("同时审核通过")

    FIELDS = (
        "name",
        "id_number",
        "mobile",
        "category_id",
        "branch",
        "enlisted_on",
        "discharged_on",
        "hukou_address",
        "residence_address",
    )

    def values(self):
        return {f: getattr(self, f).data for f in self.FIELDS if getattr(self, f).data not in (None, "")}


class CategoryForm(Form):
    name = StringField("类别名称", validators=[DataRequired("请填写类别名称"), Length(max=32)])
    served = BooleanField("本人服过役（登记时询问军种和服役时间）", default=True)


class ConfirmForm(Form):
    """A form with nothing but its CSRF token, for buttons that change something."""
