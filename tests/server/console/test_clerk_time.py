"""Small things that cost a clerk time, through the console over the demo: a caller's phone on a request
filed for them, attachments audited once a day, the state filter, titles, 即将到期, the request page's
order, 及下属站点, the calendar warning, and the field's own words."""

import re
from urllib.parse import unquote

from sqlalchemy import select, text

import server.operations.core.calendar as calendar_module
from models import AuditEntry, Notification, RequestCategory, ServiceRequest, Veteran, VeteranCategory, db
from server.operations.core.audit import Actor
from server.operations.service_requests.attachments import upload_attachment
from server.operations.veterans.privacy import PRIVACY_NOTICE
from server.seeds.demo import DEMO_PASSWORD
from tests.support.demo import PNG, visible_text
from tests.support.network import csrf_token, login


def file_for_caller(client, content="老伴住院手术，需要临时救助。", mobile="138 0013 8000", **fields):
    page = client.get("/console/requests/new").get_data(as_text=True)
    category_id = db.session.scalar(select(RequestCategory.id).filter_by(name="困难帮扶"))
    station_id = re.search(r'<option selected value="(\d+)">', page) or re.search(
        r'value="(\d+)" selected', page
    )
    data = {
        "csrf_token": csrf_token(page),
        "person_name": "刘大爷",
        "person_mobile": mobile,
        "channel": "phone",
        "category_id": category_id,
        "station_id": station_id.group(1),
        "content": content,
        "allow_duplicate": "y",
    } | fields
    return client.post("/console/requests/new", data=data)


def signed_in(app, username):
    """A browser of its own, signed in as the demo account `username`."""
    client = app.test_client()
    assert login(client, username, DEMO_PASSWORD).status_code == 302
    return client


def audit_entries(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).filter_by(action=action)).all()


def test_a_caller_not_registered_leaves_a_mobile_shown_masked_and_unmasked_on_request(app, client, demo):
    login(client, "clerk", DEMO_PASSWORD)
    refused = file_for_caller(client, mobile="1380013")
    assert refused.status_code == 200 and "请输入11位大陆手机号码" in refused.get_data(as_text=True)
    response = file_for_caller(client)
    assert response.status_code == 302
    request = db.session.scalars(select(ServiceRequest).filter_by(person_name="刘大爷")).one()
    assert request.caller_mobile == "13800138000"
    stored = db.session.execute(
        text("SELECT caller_mobile FROM service_request WHERE id = :id"), {"id": request.id}
    )
    assert "13800138000" not in stored.scalar_one()  # encrypted at rest
    page = client.get(response.location).get_data(as_text=True)
    assert "138****8000" in page and "13800138000" not in page and "查看完整手机号" in page
    unmask = f"/console/requests/{request.id}/caller-mobile"
    assert client.post(unmask).status_code == 400  # no CSRF token
    for _ in range(2):
        shown = client.post(unmask, data={"csrf_token": csrf_token(page)})
        assert shown.status_code == 200 and "13800138000" in shown.get_data(as_text=True)
    assert len(audit_entries("request.phone.unmask")) == 1  # once per person, request and day
    client = signed_in(app, "head")
    page = client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    client.post(unmask, data={"csrf_token": csrf_token(page)})
    assert len(audit_entries("request.phone.unmask")) == 2


def test_opening_a_request_with_photos_is_one_audit_entry_per_person_and_day(app, client, demo):
    upload_attachment(demo, "image", PNG, Actor.person("张建国"))
    db.session.commit()
    login(client, "clerk", DEMO_PASSWORD)
    for _ in range(2):
        page = client.get(f"/console/requests/{demo.id}").get_data(as_text=True)
        thumbnails = re.findall(r'<img src="([^"]+)"', page)
        assert len(thumbnails) == 2
        assert all(client.get(url).status_code == 200 for url in thumbnails)
    assert len(audit_entries("request.attachment.view")) == 1
    client = signed_in(app, "admin")
    assert all(client.get(url).status_code == 200 for url in thumbnails)
    assert len(audit_entries("request.attachment.view")) == 2


def test_已办结_is_offered_once_and_finds_both_tracks(client, demo):
    petition = db.session.scalars(select(ServiceRequest).filter_by(track="petition")).first()
    petition.state = "concluded"
    db.session.commit()
    login(client, "admin", DEMO_PASSWORD)
    page = client.get("/console/requests?view=all").get_data(as_text=True)
    assert page.count(">已办结</option>") == 1
    found = client.get("/console/requests?view=all&state=resolved").get_data(as_text=True)
    resolved = db.session.scalars(select(ServiceRequest).filter_by(state="resolved")).one()
    assert petition.number in found and resolved.number in found


def test_a_long_first_line_is_cut_at_a_phrase_with_an_ellipsis(client, demo):
    login(client, "clerk", DEMO_PASSWORD)
    content = (
        "老伴今年三月住院做了心脏搭桥手术，医药费花了十几万元，医保报销以后还要自付五万多元，家里负担很重。"
    )
    response = file_for_caller(client, content=content)
    page = client.get(response.location).get_data(as_text=True)
    assert "<h1>老伴今年三月住院做了心脏搭桥手术，医药费花了十几万元…" in page


def test_a_request_just_filed_is_not_due_soon(client, demo):
    login(client, "clerk", DEMO_PASSWORD)
    page = client.get(file_for_caller(client).location).get_data(as_text=True)
    assert "即将到期" not in page[page.index("<h1>") : page.index("</h1>")]
    queue = client.get("/console/requests?view=due_soon").get_data(as_text=True)
    assert "刘大爷" not in queue


def test_the_reply_box_and_the_state_buttons_come_before_the_timeline_and_the_facts(client, demo):
    login(client, "clerk", DEMO_PASSWORD)
    page = client.get(f"/console/requests/{demo.id}").get_data(as_text=True)
    assert page.index('id="reply"') < page.index("<h2>办理记录</h2>")
    assert page.index("<h2>办理</h2>") < page.index("<h2>基本情况</h2>")


def test_only_a_station_with_stations_below_says_及下属站点(app, client, demo):
    login(client, "clerk", DEMO_PASSWORD)
    for url in ("/console/", "/console/requests"):
        assert "及下属站点" not in client.get(url).get_data(as_text=True)
    client = signed_in(app, "head")
    assert "北山街道退役军人服务站及下属站点" in client.get("/console/").get_data(as_text=True)


def test_the_calendar_warning_tells_admins_what_to_do_and_others_only_how_deadlines_count(
    app, client, demo, monkeypatch
):
    monkeypatch.setattr(calendar_module, "library_covers", lambda year: False)
    login(client, "admin", DEMO_PASSWORD)
    admin = visible_text(client.get("/console/").get_data(as_text=True))
    assert "暂按周一至周五计算工作日" in admin and "请在 工作日历 中录入国务院公布的安排" in admin
    client = signed_in(app, "clerk")
    clerk = visible_text(client.get("/console/").get_data(as_text=True))
    assert "办理期限暂按周一至周五计算工作日" in clerk and "工作日历" not in clerk and "请在" not in clerk


def test_the_people_served_are_named_as_the_field_names_them(client, demo):
    assert "退役军人和其他优抚对象信息登记" in PRIVACY_NOTICE
    names = db.session.scalars(select(VeteranCategory.name).order_by(VeteranCategory.sort)).all()
    assert names.index("转业士官") == names.index("转业军官") + 1
    login(client, "admin", DEMO_PASSWORD)
    ledger = client.get("/console/veterans/export.xlsx")
    assert "退役军人和其他优抚对象台账" in unquote(ledger.headers["Content-Disposition"])
    assert "转业士官" in client.get("/console/categories").get_data(as_text=True)


def test_the_approval_notice_names_the_people_served(client, demo):
    veteran = db.session.scalar(select(Veteran))
    login(client, "head", DEMO_PASSWORD)
    page = client.get(f"/console/registrations/{veteran.id}").get_data(as_text=True)
    url = f"/console/registrations/{veteran.id}/approve"
    assert client.post(url, data={"csrf_token": csrf_token(page)}).status_code in (200, 302)
    notice = db.session.scalars(select(Notification).filter_by(openid=veteran.openid)).one()
    assert notice.text.startswith("您的退役军人和其他优抚对象信息登记已审核通过")
