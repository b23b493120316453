import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry, RequestEvent, Staff
from models.types import utcnow
from server import create_app
from tests.support.network import PASSWORD, csrf_token, login
from tests.support.requests import file


def test_login_lands_on_the_home_page(client, network):
    response = login(client, "clerk_a1a")
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/")
    home = client.get("/console/")
    assert home.status_code == 200
    assert "甲一甲村站" in home.get_data(as_text=True)


def test_pages_need_a_login(client):
    response = client.get("/console/stations")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_wrong_password_and_unknown_user_get_the_same_answer(client, network):
    wrong = login(client, "clerk_a1a", "wrong-password1")
    unknown = login(client, "nobody", "wrong-password1")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.get_data(as_text=True)
    assert "用户名或密码错误" in unknown.get_data(as_text=True)


def without_csrf_token(response):
    return re.sub(r'name="csrf_token"[^>]*>', "", response.get_data(as_text=True))


def test_five_failures_lock_the_account_which_then_answers_like_a_wrong_password(client, network, db):
    for _ in range(4):
        login(client, "clerk_a1a", "wrong-password1")
    wrong = login(client, "clerk_a1a", "wrong-password1")  # the fifth: locked from now on
    locked = login(client, "clerk_a1a")  # the right password, while locked
    assert locked.status_code == wrong.status_code == 401
    assert without_csrf_token(locked) == without_csrf_token(wrong)
    assert "用户名或密码错误" in without_csrf_token(locked)
    staff = network.staff("clerk_a1a")
    db.session.refresh(staff)
    assert staff.locked_until > utcnow()
    staff.locked_until = utcnow() - timedelta(seconds=1)  # fifteen minutes later
    db.session.commit()
    assert login(client, "clerk_a1a").status_code == 302


def test_many_failures_from_one_address_are_throttled(client, network):
    for n in range(30):
        login(client, f"nobody{n}", "wrong-password1")
    assert login(client, "clerk_a1a").status_code == 429


def test_disabled_accounts_cannot_log_in(client, network, db):
    network.staff("clerk_a1a").active = False
    db.session.commit()
    assert login(client, "clerk_a1a").status_code == 401


def test_a_new_account_must_change_its_password_first(client, network, db):
    network.staff("clerk_a1a").must_change_password = True
    db.session.commit()
    login(client, "clerk_a1a")
    assert client.get("/console/stations").headers["Location"].endswith("/console/password")
    page = client.get("/console/password")
    token = csrf_token(page.get_data(as_text=True))
    weak = client.post("/console/password", data={"current": PASSWORD, "new": "short", "csrf_token": token})
    assert "至少8位" in weak.get_data(as_text=True)
    done = client.post(
        "/console/password", data={"current": PASSWORD, "new": "newpass2026", "csrf_token": token}
    )
    assert done.status_code == 302
    assert client.get("/console/stations").status_code == 200


def test_forms_without_a_csrf_token_are_refused(client, network):
    login(client, "head_a1")
    station = network.station("A1")
    response = client.post(f"/console/stations/{station.id}", data={"name": "改名"})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_logout_ends_the_session(client, network):
    login(client, "clerk_a1a")
    token = csrf_token(client.get("/console/").get_data(as_text=True))
    client.post("/console/logout", data={"csrf_token": token})
    assert client.get("/console/").status_code == 302


def test_a_password_reset_ends_open_sessions(client, network, db):
    login(client, "clerk_a1a")
    network.staff("clerk_a1a").session_version += 1
    db.session.commit()
    assert client.get("/console/").status_code == 302


def test_cookie_flags_and_security_headers(client, network, settings):
    response = login(client, "clerk_a1a")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    home = client.get("/console/")
    assert home.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in home.headers["Content-Security-Policy"]
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    from tests.server.test_config import PRODUCTION

    production = create_app(
        type(settings).from_env(
            PRODUCTION | {"DATABASE_URL": settings.database_url.replace("postgresql+psycopg", "postgresql")}
            if not settings.embedded_database
            else PRODUCTION
        )
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_sessions_time_out_after_30_idle_minutes(client, network, monkeypatch):
    import itsdangerous.timed

    login(client, "clerk_a1a")
    now = time.time()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: now + 29 * 60)
    assert client.get("/console/").status_code == 200  # still active: this request refreshes the session
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: now + 29 * 60 + 31 * 60)
    idle = client.get("/console/")
    assert idle.status_code == 302 and "/console/login" in idle.headers["Location"]


def test_logins_and_failures_are_audited(client, network, db):
    login(client, "clerk_a1a", "wrong-password1")
    login(client, "clerk_a1a")
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["login.failed", "login"]
    staff = db.session.scalars(select(Staff).filter_by(username="clerk_a1a")).one()
    assert staff.last_login_at is not None


# A cookie copied before an event (a shared PC, a stolen cookie) must stop working once the person
# logs out, changes their password, is reset, disabled, or moved to another role or station.


@pytest.fixture
def filed(network, db):
    request = file(network, openid="oCopy1")
    db.session.commit()
    return request.id


def copy_of(app, client):
    """A second browser holding the cookie `client` holds now."""
    copy = app.test_client()
    name = app.config["SESSION_COOKIE_NAME"]
    copy.set_cookie(name, client.get_cookie(name).value)
    return copy


def note(client, request_id, token, body):
    return client.post(f"/console/requests/{request_id}/note", data={"csrf_token": token, "body": body})


def notes(db, request_id):
    return db.session.scalars(
        select(RequestEvent.body).where(RequestEvent.request_id == request_id, RequestEvent.kind == "note")
    ).all()


def copied_session(app, client, request_id):
    """A copy of `client`'s session that can read the request and post a note; and its CSRF token."""
    client.get("/console/")  # the session gets its CSRF secret, which the copy then shares
    copy = copy_of(app, client)
    page = copy.get(f"/console/requests/{request_id}")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    assert note(copy, request_id, token, "复制前的备注").status_code == 302
    return copy, token


def assert_shut_out(copy, request_id, token, db):
    page = copy.get(f"/console/requests/{request_id}")
    assert page.status_code == 302 and "/console/login" in page.headers["Location"]
    posted = note(copy, request_id, token, "复制的会话写的备注")
    assert posted.status_code == 302 and "/console/login" in posted.headers["Location"]
    assert "复制的会话写的备注" not in notes(db, request_id)


def admin_posts(client, person, action="", **data):
    url = f"/console/staff/{person.id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(f"{url}{action}", data={"csrf_token": token, **data})


def test_logging_out_ends_a_copied_session(app, client, filed, db):
    login(client, "clerk_a1a")
    copy, token = copied_session(app, client, filed)
    client.post("/console/logout", data={"csrf_token": token})
    assert_shut_out(copy, filed, token, db)


def test_changing_ones_password_ends_a_copied_session_but_not_the_current_one(app, client, filed, db):
    login(client, "clerk_a1a")
    copy, token = copied_session(app, client, filed)
    changed = client.post(
        "/console/password", data={"current": PASSWORD, "new": "newpass2026", "csrf_token": token}
    )
    assert changed.status_code == 302
    assert_shut_out(copy, filed, token, db)
    page = client.get(f"/console/requests/{filed}")
    assert page.status_code == 200
    assert note(client, filed, csrf_token(page.get_data(as_text=True)), "改密码后的备注").status_code == 302
    assert "改密码后的备注" in notes(db, filed)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("/reset", {}),
        ("/disable", {}),
        ("", {"name": "clerk@A1a", "station_code": "A1a", "role": "head"}),
        ("", {"name": "clerk@A1a", "station_code": "A1", "role": "clerk"}),
    ],
    ids=["password-reset", "disabled", "role-changed", "station-changed"],
)
def test_an_admins_change_ends_a_copied_session(app, client, network, filed, db, action, data):
    person = login(client, "clerk_a1a") and network.staff("clerk_a1a")
    copy, token = copied_session(app, client, filed)
    admin = app.test_client()
    login(admin, "admin_a")
    assert admin_posts(admin, person, action, **data).status_code in (200, 302)
    assert_shut_out(copy, filed, token, db)
    assert_shut_out(client, filed, token, db)
