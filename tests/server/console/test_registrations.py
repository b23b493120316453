import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import AuditEntry, Notification, Veteran
from server.operations.veterans.registrations import (
    request_deletion,
    start_registration,
    submit_registration,
    update_registration,
)
from server.seeds.scale import seed_veterans
from tests.support.network import csrf_token, login
from tests.support.veterans import OLDER_VETERANS, id_number, values


def _token(client, url="/console/"):
    return csrf_token(client.get(url).get_data(as_text=True))


@pytest.fixture
def submitted(network, db):
    """Three submitted registrations: two in 甲一 villages, one in 乙一甲村 (another county)."""
    people = []
    for serial, (code, name, openid) in enumerate(
        [("A1a", "张三", "oP1"), ("A1b", "张三丰", None), ("B1a", "李四", "oP3")], start=1
    ):
        veteran = start_registration("chat", openid=openid)
        update_registration(
            veteran, values(network.station(code).id, serial=serial, name=name, mobile=f"1380013{serial:04d}")
        )
        submit_registration(veteran)
        people.append(veteran.id)
    db.session.commit()
    return people


def test_the_queue_holds_only_the_subtrees_submissions(client, network, submitted):
    login(client, "clerk_a1")
    body = client.get("/console/registrations").get_data(as_text=True)
    assert "张三" in body and "张三丰" in body and "李四" not in body


def test_details_are_masked_until_a_deliberate_audited_click(client, network, submitted, db):
    login(client, "clerk_a1")
    url = f"/console/registrations/{submitted[0]}"
    body = client.get(url).get_data(as_text=True)
    assert id_number(serial=1) not in body and "110105********" in body and "138****0001" in body
    revealed = client.post(f"{url}/unmask", data={"csrf_token": _token(client, url)}).get_data(as_text=True)
    assert id_number(serial=1) in revealed and "13800130001" in revealed
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veteran.unmask")).one()
    assert entry.actor_id == network.staff("clerk_a1").id and id_number(serial=1) not in str(entry.detail)


def test_a_township_approves_and_the_person_is_told(client, network, submitted, db, wechat, jobs):
    wechat.follow("oP1")
    login(client, "clerk_a1")
    url = f"/console/registrations/{submitted[0]}"
    client.post(f"{url}/approve", data={"csrf_token": _token(client, url)})
    assert db.session.get(Veteran, submitted[0]).state == "approved"
    jobs.run()
    notification = db.session.scalars(select(Notification)).one()
    assert notification.state == "sent"
    assert "审核通过" in wechat.outbox(path="/cgi-bin/message/custom/send")[0]["body"]["text"]["content"]


def test_returning_needs_a_reason_the_person_sees(client, network, submitted, db):
    login(client, "head_a1")
    url = f"/console/registrations/{submitted[0]}"
    client.post(f"{url}/return", data={"csrf_token": _token(client, url), "reason": "户籍地址不完整"})
    veteran = db.session.get(Veteran, submitted[0])
    assert (veteran.state, veteran.return_reason) == ("returned", "户籍地址不完整")
    assert "户籍地址不完整" in db.session.scalars(select(Notification)).one().text


def test_a_village_collects_but_does_not_approve(client, network, submitted):
    login(client, "head_a1a")
    url = f"/console/registrations/{submitted[0]}"
    assert "审核通过" not in client.get(url).get_data(as_text=True).split("<h2>审核</h2>")[1]
    assert client.post(f"{url}/approve", data={"csrf_token": _token(client, url)}).status_code == 403


def test_bulk_approval_touches_only_what_is_in_scope(client, network, submitted, db):
    login(client, "supervisor_a")
    client.post(
        "/console/registrations/approve",
        data={"csrf_token": _token(client), "veteran_id": [str(i) for i in submitted]},
    )
    states = [db.session.get(Veteran, i).state for i in submitted]
    assert states == ["approved", "approved", "submitted"]


def test_a_walk_in_is_registered_with_the_same_checks(client, network, db):
    login(client, "head_a1")
    url = "/console/registrations/new"
    good = id_number(serial=8)
    form = {
        "csrf_token": _token(client, url),
        "name": "周八",
        "id_number": good[:-1] + ("1" if good[-1] != "1" else "2"),
        "mobile": "13800138008",
        "category_id": "1",
        "branch": "海军",
        "enlisted_on": "1999-12-01",
        "discharged_on": "2004-12-01",
        "hukou_address": "甲一甲村某组8号",
        "residence_address": "甲一甲村某组8号",
        "station_id": str(network.station("A1a").id),
        "consent": "y",
        "approve": "y",
    }
    body = client.post(url, data=form).get_data(as_text=True)
    assert "校验码不正确" in body
    form["id_number"] = OLDER_VETERANS[0]  # born 1965 under a county code newer than that
    assert client.post(url, data=form).status_code == 302
    veteran = db.session.scalars(select(Veteran).filter_by(name="周八")).one()
    assert (veteran.state, veteran.source, veteran.birth_date) == ("approved", "walkin", date(1965, 8, 15))


def test_the_registry_searches_by_name_prefix_and_phone_tail(client, network, submitted, db):
    login(client, "supervisor_a")
    client.post(
        "/console/registrations/approve",
        data={"csrf_token": _token(client), "veteran_id": [str(i) for i in submitted[:2]]},
    )
    by_prefix = client.get("/console/veterans", query_string={"name": "张三丰"}).get_data(as_text=True)
    assert "张三丰" in by_prefix and ">张三<" not in by_prefix
    by_tail = client.get("/console/veterans", query_string={"phone_tail": "0001"}).get_data(as_text=True)
    assert ">张三<" in by_tail and "张三丰" not in by_tail


def test_export_is_masked_unless_allowed_and_always_audited(app, client, network, submitted, db):
    login(client, "clerk_a1")
    masked = load_workbook(
        io.BytesIO(client.get("/console/veterans/export.xlsx?state=submitted&unmasked=1").data)
    )
    rows = list(masked.active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and len(rows) == 3
    assert all("********" in row[3] for row in rows[1:])  # a clerk may not export unmasked
    head = app.test_client()
    login(head, "head_a1")
    full = load_workbook(
        io.BytesIO(head.get("/console/veterans/export.xlsx?state=submitted&unmasked=1").data)
    )
    assert {row[3] for row in list(full.active.iter_rows(values_only=True))[1:]} == {
        id_number(serial=1),
        id_number(serial=2),
    }
    entries = db.session.scalars(select(AuditEntry).filter_by(action="veterans.export")).all()
    assert [(e.detail["rows"], e.detail["unmasked"]) for e in entries] == [(2, False), (2, True)]


def test_a_deletion_request_is_confirmed_by_the_station(client, network, submitted, db):
    request_deletion(db.session.get(Veteran, submitted[0]))
    db.session.commit()
    login(client, "head_a1")
    assert "本人申请删除信息" in client.get("/console/").get_data(as_text=True)
    url = f"/console/registrations/{submitted[0]}"
    client.post(f"{url}/deletion", data={"csrf_token": _token(client, url)})
    assert db.session.get(Veteran, submitted[0]).deletion_due_on is not None


def test_an_export_larger_than_one_batch_has_every_row(client, network, submitted, monkeypatch):
    monkeypatch.setattr("server.documents.ledger_export.BATCH", 1)  # the rows stream in batches of 1,000
    login(client, "supervisor_a")
    book = load_workbook(io.BytesIO(client.get("/console/veterans/export.xlsx?state=submitted").data))
    assert [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)] == ["张三丰", "张三"]


def test_the_registry_pages_and_counts_past_one_page(client, network, db):
    seed_veterans(60)  # spread over the network's villages, a few of them still awaiting review
    approved = db.session.scalar(select(func.count()).where(Veteran.state == "approved"))
    login(client, "admin_c")
    pages = [client.get(f"/console/veterans?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    rows = [len(re.findall(r'href="/console/registrations/\d+"', page)) for page in pages]
    assert approved > 50 and rows == [50, approved - 50, 0]
    assert all(f"第 {n} 页，共 {approved} 条" in page for n, page in enumerate(pages, start=1))


def _walk_in_form(client, station_id, serial=9):
    url = "/console/registrations/new"
    return {
        "csrf_token": _token(client, url),
        "name": "吴九",
        "id_number": id_number(serial=serial),
        "mobile": "13800138009",
        "category_id": "1",
        "branch": "陆军",
        "enlisted_on": "2001-12-01",
        "discharged_on": "2006-12-01",
        "hukou_address": "某村某组9号",
        "residence_address": "某村某组9号",
        "station_id": str(station_id),
        "consent": "y",
    }


@pytest.mark.parametrize(
    ("username", "own", "foreign"),
    [("clerk_a1a", "A1a", "A1b"), ("head_a1", "A1a", "A2a"), ("head_a1", "A1a", "B1a")],
)
def test_a_walk_in_for_a_village_outside_the_subtree_is_refused_and_nothing_written(
    client, network, db, username, own, foreign
):
    login(client, username)
    url = "/console/registrations/new"
    response = client.post(url, data=_walk_in_form(client, network.station(foreign).id))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "请选择您管辖范围内的村（社区）服务站" in body
    assert network.station(foreign).name not in body
    assert db.session.scalar(select(func.count()).select_from(Veteran)) == 0
    assert db.session.scalars(select(AuditEntry).filter_by(action="registration.walk_in")).all() == []
    assert client.post(url, data=_walk_in_form(client, network.station(own).id)).status_code == 302
    assert db.session.scalars(select(Veteran.station_id)).all() == [network.station(own).id]


def test_a_walk_in_naming_no_station_at_all_is_refused_politely(client, network, db):
    login(client, "clerk_a1a")
    response = client.post("/console/registrations/new", data=_walk_in_form(client, "A1a"))
    assert response.status_code == 200 and "请选择您管辖范围内的村（社区）服务站" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(Veteran)) == 0


@pytest.mark.parametrize(
    ("username", "foreign"), [("head_a1", "A2a"), ("head_a1", "B1a"), ("clerk_a1", "A2a")]
)
def test_bulk_approval_leaves_a_foreign_veteran_untouched(client, network, db, username, foreign):
    ids = {}
    for serial, (code, name) in enumerate((("A1a", "本站人"), (foreign, "外站人")), start=1):
        veteran = start_registration("walkin")
        update_registration(veteran, values(network.station(code).id, serial=serial, name=name))
        submit_registration(veteran)
        ids[code] = veteran.id
    db.session.commit()
    login(client, username)
    response = client.post(
        "/console/registrations/approve",
        data={"csrf_token": _token(client), "veteran_id": [str(ids["A1a"]), str(ids[foreign])]},
    )
    assert response.status_code == 302
    assert db.session.get(Veteran, ids["A1a"]).state == "approved"
    assert db.session.get(Veteran, ids[foreign]).state == "submitted"
    approvals = db.session.scalars(select(AuditEntry).filter_by(action="registration.approve")).all()
    assert [entry.target_id for entry in approvals] == [str(ids["A1a"])]


def test_a_village_clerk_may_not_bulk_approve_even_their_own(client, network, submitted, db):
    login(client, "clerk_a1a")
    response = client.post(
        "/console/registrations/approve",
        data={"csrf_token": _token(client), "veteran_id": [str(i) for i in submitted]},
    )
    assert response.status_code == 403
    assert [db.session.get(Veteran, i).state for i in submitted] == ["submitted"] * 3


@pytest.mark.parametrize(
    ("username", "code", "foreign"), [("clerk_a1a", "A1b", "张三丰"), ("head_a1", "B1a", "李四")]
)
def test_the_queue_filtered_by_a_foreign_station_shows_none_of_its_people(
    client, network, submitted, username, code, foreign
):
    login(client, username)
    body = client.get("/console/registrations", query_string={"station": code}).get_data(as_text=True)
    assert foreign not in body and "共 0 条" in body
