"""我的账号 and 休假/外出: who may mark whom away, and what being away changes."""

from playwright.sync_api import expect
from sqlalchemy import select

from models import AuditEntry, RequestCategory, Staff
from server.operations.core.audit import Actor
from server.operations.service_requests.filing import Person, file_request
from tests.support.network import PASSWORD, csrf_token, login


def _post(client, url, page="/console/me", **data):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _away(db, username):
    db.session.expire_all()
    return db.session.scalars(select(Staff.away).filter_by(username=username)).one()


def _file(db, network, openid):
    category = db.session.execute(select(RequestCategory).filter_by(name="困难帮扶")).scalar_one()
    filed = file_request(
        Person(openid=openid, name="钱七"),
        category,
        "需要帮助办理优待证",
        "chat",
        Actor.person("钱七"),
        station=network.station("A1a"),
    )
    db.session.commit()
    return filed


def test_a_clerk_away_gets_no_new_requests_until_back(client, network, db):
    clerk = network.staff("clerk_a1a")
    login(client, "clerk_a1a")
    assert _post(client, f"/console/team/{clerk.id}/away").status_code == 302
    assert _away(db, "clerk_a1a") and "您已标记为休假/外出" in client.get("/console/me").get_data(
        as_text=True
    )
    assert _file(db, network, "oAway1").assignee.username == "head_a1a"  # the head, with no clerk left
    _post(client, f"/console/team/{clerk.id}/back")
    assert not _away(db, "clerk_a1a")
    assert _file(db, network, "oAway2").assignee.username == "clerk_a1a"
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.action.in_(["staff.away", "staff.back"]))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["staff.away", "staff.back"]


def test_a_head_marks_the_people_of_their_station_away(client, network, db):
    clerk = network.staff("clerk_a1a")
    login(client, "head_a1a")
    page = client.get("/console/me").get_data(as_text=True)
    assert "本站人员在岗情况" in page and f"/console/team/{clerk.id}/away" in page
    assert _post(client, f"/console/team/{clerk.id}/away").status_code == 302
    assert _away(db, "clerk_a1a")
    entry = db.session.scalars(select(AuditEntry).filter_by(action="staff.away")).one()
    assert (entry.actor_id, entry.target_id) == (network.staff("head_a1a").id, str(clerk.id))


def test_a_clerk_cannot_mark_someone_else_away(client, network, db):
    login(client, "clerk_a1a")
    assert "本站人员在岗情况" not in client.get("/console/me").get_data(as_text=True)
    assert _post(client, f"/console/team/{network.staff('head_a1a').id}/away").status_code == 403
    assert not _away(db, "head_a1a")


def test_an_admin_marks_away_from_the_staff_page_and_returns_there(client, network, db):
    clerk = network.staff("clerk_a1a")
    login(client, "admin_a")
    page = f"/console/staff/{clerk.id}"
    assert "标记为休假/外出" in client.get(page).get_data(as_text=True)
    response = _post(client, f"/console/team/{clerk.id}/away", page=page, back="staff")
    assert response.headers["Location"].endswith(page) and _away(db, "clerk_a1a")
    assert "（休假/外出）" in client.get("/console/staff?q=clerk_a1a").get_data(as_text=True)


def test_the_header_links_to_ones_own_page(client, network):
    login(client, "broadcaster_a1")
    home = client.get("/console/").get_data(as_text=True)
    assert 'href="/console/me"' in home
    page = client.get("/console/me").get_data(as_text=True)
    assert "broadcaster_a1" in page and "绑定微信" in page


def test_the_binding_code_shows_in_a_real_browser(page, live_app, wechat, network):
    """The QR code is a data: image drawn by the app; the page's CSP must let it show."""
    page.goto(f"{live_app}/console/login")
    page.fill("#username", "supervisor_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.click("header >> text=我的账号")
    page.click("button:has-text('绑定微信')")
    image = page.locator("img.qr")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
