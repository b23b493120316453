"""The policy library's public pages (/policies): no login, readable on a phone, no script, nothing
loaded from outside. News cards and the mini-program open these."""

from flask import Blueprint

from server.security_headers import NO_SCRIPTS

bp = Blueprint("policy_pages", __name__, url_prefix="/policies")
# The list's search box submits to the list itself (a GET form); nothing else is allowed.
POLICY_PAGES_CSP = NO_SCRIPTS.replace("form-action 'none'", "form-action 'self'")


@bp.after_request
def forbid_scripts(response):
    response.headers["Content-Security-Policy"] = POLICY_PAGES_CSP
    return response


def init_policy_pages(app):
    from server.policy_pages import views  # noqa: F401

    app.register_blueprint(bp)
