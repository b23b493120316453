"""我的账号: one's own account — away (休假/外出), WeChat binding for notices — and, for a station's
head, the away switch of the people of their station."""

import base64
import io
import logging

import qrcode
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Staff, db
from models.types import utcnow
from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import actor, run_action, scoped_or_404
from server.extensions import gateway
from server.gateway import GatewayError
from server.operations.core.access import can, require
from server.operations.network.staff import set_staff_away
from server.operations.network.staff_binding import BIND_LIFE, start_staff_binding, unbind_staff_wechat

log = logging.getLogger(__name__)


@bp.get("/me")
def account():
    return _page()


@bp.post("/me/wechat/bind")
def bind_wechat():
    """A fresh binding code, shown at once as a temporary QR code that lives as long as the token."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    me = current_user._get_current_object()
    scene = start_staff_binding(me, actor())
    try:
        _ticket, url = gateway().create_temporary_qr(scene, int(BIND_LIFE.total_seconds()))
    except GatewayError as error:
        log.warning("binding QR for staff %s failed: %s", me.id, error)
        db.session.rollback()
        flash(texts.BINDING_QR_UNAVAILABLE, "error")
        return redirect(url_for("console.account"))
    db.session.commit()
    return _page(qr=_qr_data_uri(url), qr_expires_at=me.bind_expires_at)


@bp.post("/me/wechat/unbind")
def unbind_wechat():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(
        lambda: unbind_staff_wechat(current_user._get_current_object(), actor()),
        texts.WECHAT_UNBOUND,
        url_for("console.account"),
    )


@bp.post("/team/<int:staff_id>/<any(away, back):action>")
def mark_away(staff_id, action):
    """休假/外出 on or off: for oneself, or for someone in scope by a head, supervisor or admin."""
    person = scoped_or_404(Staff, staff_id)
    if person.id != current_user.id:
        require(current_user, "staff.mark_away")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if set_staff_away(person, action == "away", actor()):
        db.session.commit()
    flash((texts.MARKED_AWAY if person.away else texts.MARKED_BACK).format(name=person.name), "ok")
    if request.form.get("back") == "staff" and can(current_user, "staff.manage"):
        return redirect(url_for("console.staff_edit", staff_id=person.id))
    return redirect(url_for("console.account"))


def _page(**binding):
    team = []
    if can(current_user, "staff.mark_away"):
        team = db.session.scalars(
            select(Staff)
            .where(Staff.station_id == current_user.station_id, Staff.active, Staff.id != current_user.id)
            .order_by(Staff.username)
        ).all()
    return render_template("console/account.html", team=team, confirm=ConfirmForm(), now=utcnow(), **binding)


def _qr_data_uri(url):
    """The QR code drawn here from the URL WeChat returned, so the browser fetches nothing outside."""
    image = io.BytesIO()
    qrcode.make(url, border=2, box_size=8).save(image, format="PNG")
    return "data:image/png;base64," + base64.b64encode(image.getvalue()).decode()
