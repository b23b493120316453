"""The staff console: server-rendered, Simplified Chinese, every listing scoped to the user's subtree."""

from datetime import timedelta

from flask import Blueprint, redirect, request, url_for
from flask_login import LoginManager, current_user

from models import Staff, db
from server.operations.core.numbers import whole_number

bp = Blueprint("console", __name__, url_prefix="/console")
login_manager = LoginManager()
login_manager.login_view = "console.login"
login_manager.session_protection = "basic"
SESSION_IDLE = timedelta(minutes=30)
OPEN_ENDPOINTS = {"console.login", "console.static"}


@login_manager.user_loader
def load_staff(user_id):
    ident, _, version = user_id.partition(":")
    number = whole_number(ident)
    if number is None:
        return None
    staff = db.session.get(Staff, number)
    if staff is None or not staff.active or str(staff.session_version) != version:
        return None
    return staff


@bp.before_request
def require_login():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in ("console.password", "console.logout"):
        return redirect(url_for("console.password"))
    return None


def init_console(app):
    app.config.update(
        PERMANENT_SESSION_LIFETIME=SESSION_IDLE,
        SESSION_REFRESH_EACH_REQUEST=True,
        WTF_I18N_ENABLED=False,  # no Babel: forms take WTForms' own Chinese messages (forms.Form)
    )
    login_manager.init_app(app)
    from server.console import audit_log, auth, calendar, home, texts  # noqa: F401
    from server.console.appointments import actions as booking_actions  # noqa: F401
    from server.console.appointments import book, checkin, desk, events, setup  # noqa: F401
    from server.console.appointments import export as booking_export  # noqa: F401
    from server.console.network import account, notices, staff, stations  # noqa: F401
    from server.console.policies import articles, files, topics  # noqa: F401
    from server.console.pushes import pages as push_pages  # noqa: F401
    from server.console.service_requests import (  # noqa: F401
        actions,
        canned_answers,
        dashboard,
        export,
        intake,
        pages,
    )
    from server.console.service_requests import categories as request_categories  # noqa: F401
    from server.console.veterans import categories, ledger, registrations, registry  # noqa: F401

    login_manager.login_message = texts.LOGIN_NEEDED

    app.register_blueprint(bp)
