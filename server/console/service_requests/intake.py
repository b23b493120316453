"""代为登记诉求: staff file a request for someone who phoned, came in or wrote a letter.

The person is a registered veteran in scope (found by name) or just a name. The channel and the
filer are recorded; a same-category request still open is shown, and filed anyway only on purpose.
"""

import filetype
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.file import MultipleFileField
from sqlalchemy import select
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from models import ServiceRequest, Station, Veteran, db
from models.request import CHANNEL_NAMES
from models.station import LEVELS
from server.console import bp, texts
from server.console.forms import Form
from server.console.helpers import actor, scoped_or_404, show_error, station_choices
from server.operations.core.access import require
from server.operations.core.errors import Conflict, DomainError
from server.operations.core.numbers import whole_number
from server.operations.core.personal_data import clean_mobile, clean_name
from server.operations.core.scope import in_scope, scoped
from server.operations.service_requests.attachments import PER_REQUEST, check_content, upload_attachment
from server.operations.service_requests.filing import (
    CONTENT_LIMIT,
    Person,
    active_request_categories,
    file_request,
)
from server.operations.veterans.queries import VeteranFilter, search_veterans

STAFF_CHANNELS = ("phone", "walkin", "letter")
FOUND_LIMIT = 20


class FileOnBehalfForm(Form):
    channel = SelectField("来源渠道", choices=[SelectChoice(c, CHANNEL_NAMES[c]) for c in STAFF_CHANNELS])
    category_id = SelectField("诉求类别", coerce=int, validate_choice=False)  # file_request checks it
    title = StringField("标题（可不填，默认取内容第一行）", validators=[Optional(), Length(max=100)])
    content = TextAreaField(
        "诉求内容",
        validators=[DataRequired("请填写诉求内容"), Length(max=CONTENT_LIMIT)],
        render_kw={"rows": 8},
    )
    veteran_id = HiddenField()
    person_name = StringField("姓名（未登记人员）", validators=[Optional(), Length(max=40)])
    person_mobile = StringField(
        "手机号（未登记人员，便于回电，可不填）", validators=[Optional(), Length(max=20)]
    )
    station_id = SelectField(  # scoped_or_404 checks the choice
        "受理站点",
        coerce=int,
        validate_choice=False,
        description="默认为本人所属站点；信访等类别按规定由上级站点受理",
    )
    attachments = MultipleFileField(f"附件（图片或PDF，可多选，最多{PER_REQUEST}个）")
    allow_duplicate = BooleanField("仍然新建（确属新的事项）")


@bp.route("/requests/new", methods=["GET", "POST"])
def new_request():
    require(current_user, "requests.handle")
    form = FileOnBehalfForm()
    veteran = _chosen_veteran(
        form.veteran_id.data if request.method == "POST" else request.args.get("veteran_id")
    )
    if request.method == "GET":
        form.veteran_id.data = str(veteran.id) if veteran else ""
        form.station_id.data = (
            veteran.station_id if veteran and veteran.station_id else current_user.station_id
        )
    form.category_id.choices = [(c.id, c.name) for c in active_request_categories()]
    form.station_id.choices = _station_choices(veteran)
    duplicate = None
    if form.validate_on_submit():
        station = scoped_or_404(Station, form.station_id.data)
        try:
            filed = _file(form, veteran, station)
        except Conflict as conflict:
            db.session.rollback()
            duplicate = _duplicate(conflict.details.get("number"))
        except DomainError as error:
            show_error(form, error)
        else:
            return _filed(filed)
    return render_template(
        "console/request_new.html",
        form=form,
        veteran=veteran,
        duplicate=duplicate,
        find=request.args.get("find", "").strip()[:40],
        found=_found(request.args.get("find", "")),
    )


def _file(form, veteran, station):
    if not station.active:
        raise DomainError(texts.STATION_CLOSED, field="station_id")
    files = _attachments(form)
    person = _person(form, veteran)
    category = next((c for c in active_request_categories() if c.id == form.category_id.data), None)
    filed = file_request(
        person,
        category,
        form.content.data,
        form.channel.data,
        actor(),
        title=form.title.data or None,
        station=station,
        allow_duplicate=form.allow_duplicate.data,
    )
    for kind, data in files:
        upload_attachment(filed, kind, data, actor())
    return filed


def _person(form, veteran):
    if veteran is not None:
        return Person(
            veteran=veteran, openid=veteran.openid, miniapp_openid=veteran.miniapp_openid, name=veteran.name
        )
    if not (form.person_name.data or "").strip():
        raise DomainError(texts.NAME_OR_VETERAN_NEEDED, field="person_name")
    try:
        name = clean_name(form.person_name.data)
    except DomainError as error:
        raise DomainError(error.message, field="person_name") from None
    mobile = (form.person_mobile.data or "").strip()
    try:
        return Person(name=name, mobile=clean_mobile(mobile) if mobile else None)
    except DomainError as error:
        raise DomainError(error.message, field="person_mobile") from None


def _attachments(form):
    """(kind, bytes) of each chosen file, all checked before anything is filed."""
    chosen = [f for f in form.attachments.data or [] if f and f.filename]
    if len(chosen) > PER_REQUEST:
        raise DomainError(texts.TOO_MANY_ATTACHMENTS.format(limit=PER_REQUEST), field="attachments")
    files = []
    for upload in chosen:
        data = upload.read()
        kind = "image" if (filetype.guess_mime(data[:8192]) or "").startswith("image/") else "file"
        problem = check_content(kind, data)
        if problem:
            raise DomainError(
                texts.ATTACHMENT_REFUSED.format(filename=upload.filename, problem=problem),
                field="attachments",
            )
        files.append((kind, data))
    return files


def _filed(filed):
    db.session.commit()
    if db.session.scalar(
        select(ServiceRequest.id).where(ServiceRequest.id == filed.id, in_scope(ServiceRequest, current_user))
    ):
        flash(texts.REQUEST_FILED.format(number=filed.number), "ok")
        return redirect(url_for("console.request_page", request_id=filed.id))
    # A category routed above the user's station (信访 goes to the county) leaves their scope.
    flash(texts.REQUEST_FILED_ELSEWHERE.format(number=filed.number, station=filed.station.name), "ok")
    return redirect(url_for("console.new_request"))


def _duplicate(number):
    """The open request the new one would repeat: its number, and its page when in scope."""
    found = db.session.execute(
        scoped(select(ServiceRequest).filter_by(number=number), ServiceRequest, current_user)
    ).scalar_one_or_none()
    return {"number": number, "url": url_for("console.request_page", request_id=found.id) if found else None}


def _chosen_veteran(ident):
    number = whole_number(ident)
    return scoped_or_404(Veteran, number) if number is not None else None


def _found(name):
    name = name.strip()[:40]
    if not name:
        return []
    statement = search_veterans(current_user, VeteranFilter(name=name)).where(Veteran.state != "draft")
    return db.session.execute(statement.limit(FOUND_LIMIT)).scalars().all()


def _station_choices(veteran):
    statement = scoped(select(Station).where(Station.active), Station, current_user).order_by(Station.path)
    stations = station_choices(
        statement, keep=(current_user.station_id, veteran.station_id if veteran else None)
    )
    top = LEVELS.index(current_user.station.level)
    return [(s.id, "　" * (LEVELS.index(s.level) - top) + s.name) for s in stations]
