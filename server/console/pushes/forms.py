"""The push form: an article or a short text, the audience, and when."""

from wtforms import BooleanField, DateTimeLocalField, HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from server.console.forms import ChoiceField, Form
from server.operations.pushes.pushes import TEXT_LIMIT

NO_ARTICLE = 0


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PushForm(Form):
    token = HiddenField()  # one per form shown: a second submission of it makes nothing new
    article_id = ChoiceField("推送政策（图文）", "请选择已发布的政策", coerce=int, default=NO_ARTICLE)
    text = TextAreaField(
        "或推送一段文字",
        validators=[Optional(), Length(max=TEXT_LIMIT, message=f"推送文字不能超过{TEXT_LIMIT}个字")],
        render_kw={"rows": 4},
    )
    all = BooleanField("全部关注用户")
    station_ids = SelectMultipleField("站点（含下级站点）", coerce=int, render_kw={"size": 8})
    category_ids = CheckboxesField("人员类别", coerce=int, render_kw={"class": "checks"})
    topic_ids = CheckboxesField("订阅了以下专题的人", coerce=int, render_kw={"class": "checks"})
    send_at = DateTimeLocalField("定时发送（北京时间，不填：审核通过后立即发送）", validators=[Optional()])

    def values(self):
        return {
            "article_id": self.article_id.data or None,
            "text": self.text.data,
            "all": self.all.data,
            "station_ids": self.station_ids.data or [],
            "category_ids": self.category_ids.data or [],
            "topic_ids": self.topic_ids.data or [],
        }
