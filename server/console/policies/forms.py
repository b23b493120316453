"""The policy library's console forms."""

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from server.console.forms import ChoiceField, Form
from server.operations.policies.library import LIMITS

NO_STATION = 0  # the choice for 全网 (no station): only offered at the network's top


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ArticleForm(Form):
    title = StringField("标题", validators=[DataRequired("请填写标题"), Length(max=LIMITS["title"])])
    doc_number = StringField("文号", validators=[Optional(), Length(max=LIMITS["doc_number"])])
    issuer = StringField(
        "发文机关", validators=[DataRequired("请填写发文机关"), Length(max=LIMITS["issuer"])]
    )
    published_on = DateField("发文日期", validators=[DataRequired("请选择发文日期")])
    effective_on = DateField("生效日期", validators=[Optional()])
    expires_on = DateField("失效日期（不填：长期有效）", validators=[Optional()])
    station_id = ChoiceField("适用范围", "请选择您管辖范围内的站点", coerce=int)
    topic_ids = CheckboxesField("专题", coerce=int, render_kw={"class": "checks"})
    category_ids = CheckboxesField("适用人员类别（不选：所有人）", coerce=int, render_kw={"class": "checks"})
    summary = TextAreaField(
        "摘要", validators=[DataRequired("请填写摘要"), Length(max=LIMITS["summary"])], render_kw={"rows": 3}
    )
    body_html = TextAreaField(
        "正文（HTML）",
        validators=[DataRequired("请填写正文"), Length(max=LIMITS["body_html"])],
        description="可用标题、段落、列表、表格、加粗和链接；脚本、样式和外部图片会被去掉。",
        render_kw={"rows": 16},
    )
    source_url = StringField("原文链接", validators=[Optional(), Length(max=LIMITS["source_url"])])

    VALUES = (
        *("title", "doc_number", "issuer", "published_on", "effective_on", "expires_on"),
        *("station_id", "topic_ids", "category_ids", "summary", "body_html", "source_url"),
    )

    def values(self):
        return {name: getattr(self, name).data for name in self.VALUES}


class AttachmentForm(Form):
    file = FileField("PDF附件（不超过10MB）", validators=[FileRequired("请选择PDF文件")])


class TopicForm(Form):
    name = StringField("专题名称", validators=[DataRequired("请填写专题名称"), Length(max=32)])
