"""Log in (with a lock-out and a per-address throttle), log out, change one's password."""

from functools import partial

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user, logout_user

from models import db
from server.console import bp, texts
from server.console.forms import ConfirmForm, LoginForm, PasswordForm
from server.console.helpers import actor, run_action
from server.operations.network.staff import LoginRefused, authenticate, change_password, log_out
from server.ratelimit import CONSOLE_LOGIN_FAILURES, client_address


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if current_user.is_authenticated:
        return redirect(url_for("console.home"))
    if form.validate_on_submit():
        wait = CONSOLE_LOGIN_FAILURES.reached(client_address())
        if wait:
            flash(texts.LOGIN_THROTTLED.format(minutes=-(-wait // 60)), "error")
            return render_template("console/login.html", form=form), 429
        try:
            staff = authenticate(form.username.data.strip(), form.password.data, client_address())
        except LoginRefused as refused:
            db.session.commit()  # the failure count and the audit entry stand
            CONSOLE_LOGIN_FAILURES.hit(client_address())
            flash(refused.message, "error")
            return render_template("console/login.html", form=form), 401
        db.session.commit()
        session.clear()
        session.permanent = True
        login_user(staff)
        return redirect(url_for("console.home"))
    return render_template("console/login.html", form=form)


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        log_out(current_user._get_current_object(), actor())
        db.session.commit()
        logout_user()
        session.clear()
    return redirect(url_for("console.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    page = partial(render_template, "console/password.html", form=form)

    def change():
        change_password(current_user, form.current.data, form.new.data, actor())
        login_user(current_user._get_current_object())  # the session carries the new version

    if form.validate_on_submit():
        return run_action(
            change, texts.PASSWORD_CHANGED, url_for("console.home"), form, refused=lambda _: page()
        )
    return page()
