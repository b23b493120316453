import re

import pytest
from sqlalchemy import select

from models import AuditEntry, Staff
from tests.support.network import csrf_token, login


def _token(client, url):
    return csrf_token(client.get(url).get_data(as_text=True))


def test_an_admin_creates_an_account_that_must_change_its_password(client, network, db):
    login(client, "admin_a")
    data = {
        "csrf_token": _token(client, "/console/staff/new"),
        "username": "new.clerk",
        "name": "新同志",
        "station_code": "A1a",
        "role": "clerk",
        "password": "start2026x",
        "phone": "13800138000",
    }
    assert client.post("/console/staff/new", data=data).status_code == 302
    created = db.session.scalars(select(Staff).filter_by(username="new.clerk")).one()
    assert created.must_change_password and created.station.code == "A1a" and created.phone == "13800138000"
    raw_phone = db.session.execute(db.text("SELECT phone FROM staff WHERE username='new.clerk'")).scalar()
    assert "13800138000" not in raw_phone


def test_an_admin_cannot_place_staff_outside_their_subtree(client, network):
    login(client, "admin_a")
    data = {
        "csrf_token": _token(client, "/console/staff/new"),
        "username": "stray",
        "name": "某人",
        "station_code": "B1",
        "role": "clerk",
        "password": "start2026x",
    }
    body = client.post("/console/staff/new", data=data).get_data(as_text=True)
    assert "不在您的管辖范围内" in body


def test_disabling_ends_the_session_and_blocks_login(app, client, network, db):
    victim = app.test_client()
    login(victim, "clerk_a1a")
    login(client, "admin_a")
    person = network.staff("clerk_a1a")
    url = f"/console/staff/{person.id}"
    assert client.post(f"{url}/disable", data={"csrf_token": _token(client, url)}).status_code == 302
    assert victim.get("/console/").status_code == 302
    assert login(victim, "clerk_a1a").status_code == 401
    client.post(f"{url}/enable", data={"csrf_token": _token(client, url)})
    assert login(victim, "clerk_a1a").status_code == 302


def test_an_admin_cannot_disable_themselves(client, network):
    login(client, "admin_a")
    url = f"/console/staff/{network.staff('admin_a').id}"
    body = client.post(f"{url}/disable", data={"csrf_token": _token(client, url)}, follow_redirects=True)
    assert "不能停用自己的账号" in body.get_data(as_text=True)


def test_a_reset_password_is_shown_once_and_works_once(app, client, network):
    login(client, "admin_a")
    url = f"/console/staff/{network.staff('clerk_a1a').id}"
    page = client.post(f"{url}/reset", data={"csrf_token": _token(client, url)}).get_data(as_text=True)
    temporary = re.search(r'<p class="secret">([^<]+)</p>', page).group(1)
    other = app.test_client()
    assert login(other, "clerk_a1a", temporary).status_code == 302
    assert other.get("/console/").headers["Location"].endswith("/console/password")


@pytest.mark.parametrize("role", ["clerk", "head", "supervisor", "broadcaster"])
def test_only_admins_manage_staff(client, network, role):
    login(client, f"{role}_a")
    assert client.get("/console/staff").status_code == 403
    assert client.get(f"/console/staff/{network.staff('clerk_a1a').id}").status_code == 403


def test_changes_are_audited_and_searchable(app, client, network, db):
    login(client, "admin_a")
    person = network.staff("clerk_a1a")
    url = f"/console/staff/{person.id}"
    client.post(
        url,
        data={
            "csrf_token": _token(client, url),
            "name": "李办事员",
            "station_code": "A1a",
            "role": "head",
            "phone": "",
        },
    )
    entry = db.session.scalars(select(AuditEntry).filter_by(action="staff.update")).one()
    assert entry.detail["fields"] == ["name", "role"]
    page = client.get("/console/audit", query_string={"action": "staff.update"}).get_data(as_text=True)
    assert "修改账号" in page and "字段：姓名/名称、角色" in page
    other_county = app.test_client()
    login(other_county, "admin_b")
    assert "字段：姓名/名称、角色" not in other_county.get("/console/audit").get_data(as_text=True)


def test_cli_creates_staff_with_a_password_from_stdin(app, network, db):
    result = app.test_cli_runner().invoke(
        args=[
            "staff",
            "create",
            "--username",
            "cli.head",
            "--name",
            "命令行站长",
            "--station",
            "A1",
            "--role",
            "head",
        ],
        input="cli-pass-2026\n",
    )
    assert result.exit_code == 0, result.output
    created = db.session.scalars(select(Staff).filter_by(username="cli.head")).one()
    assert created.role == "head" and created.must_change_password
    weak = app.test_cli_runner().invoke(
        args=["staff", "create", "--username", "cli.two", "--name", "x", "--station", "A1", "--role", "head"],
        input="short\n",
    )
    assert weak.exit_code != 0 and "至少8位" in weak.output
