"""导入台账: upload a station's ledger, correct the column mapping, check it (dry run), import it.

The file waits between the steps in Redis, encrypted with the data key, for an hour, under a random
token kept in the uploader's session (never in a URL, so never in a log) and checked against their
account. The target station must be in the user's subtree; rows that name a village outside it are
bad rows, so nothing outside the user's scope is ever written.
"""

import base64
import io
import json
import secrets
from pathlib import PurePath

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import BooleanField, SelectField

from models import Station, db
from models.station import LEVELS
from server.console import bp, texts
from server.console.forms import Form
from server.console.helpers import actor, scoped_or_404, show_error
from server.documents.tabular import read_table
from server.extensions import redis_client
from server.operations.core.access import can, require
from server.operations.core.errors import DomainError
from server.operations.core.scope import scoped
from server.operations.network.stations import ImportRefused
from server.operations.veterans.ledger_columns import (
    TARGETS,
    propose_mapping,
    remember_mapping,
    remembered_mapping,
)
from server.operations.veterans.ledger_import import check_ledger, import_ledger

UPLOAD_KEY = "console:ledger-upload:"
UPLOAD_SESSION_KEY = "ledger_upload"
UPLOAD_TTL = 3600
ERRORS_SHOWN = 500
TAB = (texts.LEDGER_IMPORT_TAB, "console.ledger_import")


class LedgerUploadForm(Form):
    file = FileField("台账文件（.xlsx 或 .csv，第一行为列名）", validators=[FileRequired("请选择文件")])
    station_id = SelectField(
        "导入到",
        coerce=int,
        validate_choice=False,  # scoped_or_404 answers a station outside the user's subtree
        description="选村（社区）站：所有行都属于该站。选乡镇（街道）及以上：每行须在“所属站点编码”列写明所属村（社区）站。",
    )


class LedgerMappingForm(Form):
    approve = BooleanField("导入后直接审核通过（不勾选则为待审核）")


@bp.before_request
def ledger_pages_need_permission():
    if request.endpoint and request.endpoint.startswith("console.ledger"):
        require(current_user, "veterans.import")


@bp.context_processor
def ledger_tab():
    """The registrations pages' tabs offer the import to those who may use it."""
    if current_user.is_authenticated and can(current_user, "veterans.import"):
        return {"extra_veteran_tabs": [TAB]}
    return {}


@bp.route("/ledger/import", methods=["GET", "POST"])
def ledger_import():
    form = LedgerUploadForm()
    form.station_id.choices = _station_choices()
    if request.method == "GET":
        form.station_id.data = current_user.station_id
    if form.validate_on_submit():
        station = scoped_or_404(Station, form.station_id.data)
        filename = PurePath(form.file.data.filename or "").name[:200]
        data = form.file.data.read()
        try:
            read_table(io.BytesIO(data), filename)
        except DomainError as error:
            show_error(form, error)
        else:
            session[UPLOAD_SESSION_KEY] = _keep_upload(data, filename, station)
            return redirect(url_for("console.ledger_mapping"))
    return render_template("console/ledger_upload.html", form=form)


@bp.route("/ledger/import/mapping", methods=["GET", "POST"])
def ledger_mapping():
    token = session.get(UPLOAD_SESSION_KEY, "")
    upload = _upload_or_404(token)
    station = scoped_or_404(Station, upload["station_id"])
    header, rows = read_table(io.BytesIO(upload["data"]), upload["filename"])
    mapping = propose_mapping(header, remembered_mapping(station))
    form, report, errors = LedgerMappingForm(), None, None
    if form.validate_on_submit():
        mapping = _posted_mapping(mapping)
        if form.approve.data:
            require(current_user, "registrations.review")
        try:
            if request.form.get("action") == "import":
                return _import(token, upload, (header, rows), mapping, station, form.approve.data)
            report = _check((header, rows), mapping, station)
            errors = report.errors
        except ImportRefused as refused:
            db.session.rollback()
            errors = refused.errors
    return render_template(
        "console/ledger_mapping.html",
        form=form,
        upload=upload,
        station=station,
        rows=len(rows),
        mapping=mapping,
        targets=TARGETS,
        report=report,
        errors=errors,
        errors_shown=ERRORS_SHOWN,
        may_approve=can(current_user, "registrations.review"),
    )


def _import(token, upload, table, mapping, station, approve):
    done = import_ledger(*table, mapping, station, actor(), approve=approve, filename=upload["filename"])
    db.session.commit()
    redis_client().delete(UPLOAD_KEY + token)
    session.pop(UPLOAD_SESSION_KEY, None)
    imported = texts.LEDGER_IMPORTED.format(
        filename=upload["filename"], created=done.created, updated=done.updated, unchanged=done.unchanged
    )
    flash(imported, "ok")
    return redirect(url_for("console.ledger_import"))


def _check(table, mapping, station):
    """The dry run; it remembers the mapping, which the user confirmed by checking with it."""
    report = check_ledger(*table, mapping, station).report
    db.session.rollback()
    remember_mapping(station, mapping)
    db.session.commit()
    return report


def _station_choices():
    stations = db.session.scalars(
        scoped(select(Station).where(Station.active), Station, current_user).order_by(Station.path)
    )
    top = LEVELS.index(current_user.station.level)
    return [(s.id, "　" * (LEVELS.index(s.level) - top) + f"{s.name}（{s.code}）") for s in stations]


def _posted_mapping(proposed):
    """The selects of the mapping form, one per column in the order they were shown."""
    chosen = (request.form.get(f"column-{index}", "") for index in range(len(proposed)))
    return {column: f if f in TARGETS else "" for column, f in zip(proposed, chosen, strict=True)}


def _keep_upload(data, filename, station):
    token = secrets.token_urlsafe(16)
    payload = {
        "staff_id": current_user.id,
        "station_id": station.id,
        "filename": filename,
        "data": base64.b64encode(data).decode(),
    }
    sealed = current_app.extensions["keyring"].encrypt(json.dumps(payload))
    redis_client().set(UPLOAD_KEY + token, sealed, ex=UPLOAD_TTL)
    return token


def _upload_or_404(token):
    sealed = redis_client().get(UPLOAD_KEY + token) if token else None
    upload = json.loads(current_app.extensions["keyring"].decrypt(sealed.decode())) if sealed else None
    if upload is None or upload["staff_id"] != current_user.id:
        abort(404, texts.LEDGER_UPLOAD_EXPIRED)
    upload["data"] = base64.b64decode(upload["data"])
    return upload
