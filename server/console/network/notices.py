"""提醒: a staff member's own notices (督办, warnings, assignments), read when the page is seen."""

from flask import render_template, url_for
from flask_login import current_user

from models import db
from server.console import bp
from server.operations.messaging.staff_notices import mark_read, notices_for, unread_count


@bp.context_processor
def unread_notices():
    """The header's 提醒(n): counted on every console page, from the (staff_id, read_at) index."""
    if current_user.is_authenticated:
        return {"unread_notices": unread_count(current_user)}
    return {}


@bp.get("/notices")
def notices():
    shown = notices_for(current_user)
    unread = {n.id for n in shown if n.read_at is None}
    links = {n.id: url_for("console.request_page", request_id=n.request_id) for n in shown if n.request_id}
    mark_read(current_user)
    db.session.commit()
    return render_template("console/notices.html", notices=shown, unread=unread, links=links)
