"""The chat simulator page: a phone-like chat with the account, driven through /sandbox/api."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("sandbox_simulator", __name__, url_prefix="/sandbox")


@bp.get("/")
def index():
    callback = current_app.config["SANDBOX_CALLBACK_URL"] or ""
    return render_template("sandbox/index.html", callback=callback)
