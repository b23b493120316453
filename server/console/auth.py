"""Log in (with a lock-out and a per-address throttle), log out, change one's password."""

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user, logout_user

from models import db
from server.console import bp
from server.console.forms import ConfirmForm, LoginForm, PasswordForm
from server.console.helpers import actor, show_error
from server.operations.core.errors import DomainError
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
            flash(f"登录失败次数过多，请{-(-wait // 60)}分钟后再试", "error")
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
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data, actor())
        except DomainError as error:
            show_error(form, error)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # the session carries the new version
            flash("密码已修改", "ok")
            return redirect(url_for("console.home"))
    return render_template("console/password.html", form=form)
