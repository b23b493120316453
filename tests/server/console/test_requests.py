"""诉求 in the console: the queue in each role's scope, its views, filters and search, the request
page with its facts, timeline and attachments, the print view and the home page's counts."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import server.console.service_requests.counts as request_counts
import server.console.service_requests.pages as pages
from models import AuditEntry, CannedAnswer, ServiceRequest
from server.operations.core.audit import Actor
from server.operations.service_requests.attachments import upload_attachment
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.filing import Person, file_request
from server.operations.service_requests.replies import add_note
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import login
from tests.support.requests import category, file
from tests.support.veterans import values

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
STAFF = Actor.system("测试人员")


@pytest.fixture
def spread(network, db):
    """One request in each of A1a, A1b (both under 甲一), A2 (甲二) and B1a (another county)."""
    made = {}
    for serial, (code, title, name) in enumerate(
        [("A1a", "甲一甲村的低保问题", "困难帮扶"), ("A1b", "甲一乙村的就业咨询", "就业创业"),
         ("A2", "甲二街道的优抚待遇", "优抚待遇"), ("B1a", "乙一甲村的政策咨询", "政策咨询")],
        start=1,
    ):  # fmt: skip
        made[code] = file(
            network, name=name, openid=f"oSpread{serial}", code=code, content=title + "，请帮忙"
        )
    db.session.commit()
    return {code: r.id for code, r in made.items()}


def titles(body):
    return set(
        re.findall(r"(甲一甲村的低保问题|甲一乙村的就业咨询|甲二街道的优抚待遇|乙一甲村的政策咨询)", body)
    )


@pytest.mark.parametrize(
    "username, seen",
    [
        ("clerk_a1a", {"甲一甲村的低保问题"}),
        ("head_a1", {"甲一甲村的低保问题", "甲一乙村的就业咨询"}),
        ("supervisor_a", {"甲一甲村的低保问题", "甲一乙村的就业咨询", "甲二街道的优抚待遇"}),
    ],
)
def test_the_queue_holds_only_the_subtrees_requests(client, spread, username, seen):
    login(client, username)
    response = client.get("/console/requests?view=all")
    assert response.status_code == 200
    assert titles(response.get_data(as_text=True)) == seen


def test_a_siblings_request_is_not_found_on_its_page_print_and_attachments(client, spread, db):
    foreign = db.session.get(ServiceRequest, spread["A1b"])
    attachment = upload_attachment(foreign, "image", PNG, STAFF)
    db.session.commit()
    login(client, "clerk_a1a")
    for url in (
        f"/console/requests/{foreign.id}",
        f"/console/requests/{foreign.id}/print",
        f"/console/requests/{foreign.id}/attachments/{attachment.id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "甲一乙村的就业咨询" not in response.get_data(as_text=True)


def test_a_broadcaster_has_no_queue(client, spread):
    login(client, "broadcaster_a1")
    assert client.get("/console/requests").status_code == 403
    assert 'href="/console/requests"' not in client.get("/console/").get_data(as_text=True)


def test_the_tabs_count_each_view(client, spread, db):
    late = db.session.get(ServiceRequest, spread["A1a"])
    late.respond_due_on = today() - timedelta(days=3)
    late.escalation_level = 1
    waiting = db.session.get(ServiceRequest, spread["A1b"])
    waiting.created_at -= timedelta(days=7)  # filed a week ago: most of its time is gone
    db.session.commit()
    login(client, "head_a1")
    body = client.get("/console/requests").get_data(as_text=True)
    tab = {
        label: int(n)
        for label, n in re.findall(
            r'>(全部|未办结|我的|未分派|即将到期|已逾期|督办中) <span class="count-of">(\d+)', body
        )
    }
    # 甲一乙村站 has no staff, so its request waits unassigned, its first answer due in two working days.
    assert tab == {"全部": 2, "未办结": 2, "我的": 0, "未分派": 1, "即将到期": 1, "已逾期": 1, "督办中": 1}
    overdue = client.get("/console/requests?view=overdue").get_data(as_text=True)
    assert titles(overdue) == {"甲一甲村的低保问题"}
    assert 'class="due overdue"' in overdue and "督办1级" in overdue


def test_a_deadline_within_two_working_days_shows_as_due_soon(client, spread, db):
    soon, later = db.session.get(ServiceRequest, spread["A1b"]), db.session.get(ServiceRequest, spread["A1a"])
    soon.respond_due_on = soon.due_on = today()
    later.respond_due_on = later.due_on = today() + timedelta(days=30)
    db.session.commit()
    login(client, "head_a1")
    body = client.get("/console/requests?view=due_soon").get_data(as_text=True)
    assert titles(body) == {"甲一乙村的就业咨询"} and 'class="due soon"' in body


def test_mine_and_unassigned_follow_the_assignee(app, client, spread, db, network):
    unassigned = db.session.get(ServiceRequest, spread["A1a"])
    unassigned.assignee_id = None
    db.session.commit()
    login(client, "clerk_a1a")
    assert titles(client.get("/console/requests?view=mine").get_data(as_text=True)) == set()
    assert titles(client.get("/console/requests?view=unassigned").get_data(as_text=True)) == {
        "甲一甲村的低保问题"
    }
    head = app.test_client()
    login(head, "head_a1")
    assert titles(head.get("/console/requests?view=mine").get_data(as_text=True)) == set()


@pytest.mark.parametrize(
    "query, seen",
    [
        ("q=低保", {"甲一甲村的低保问题"}),
        ("q=请帮忙", {"甲一甲村的低保问题", "甲一乙村的就业咨询", "甲二街道的优抚待遇"}),
        ("q=乙一甲村", set()),  # out of scope, whatever it matches
        ("station=A1", {"甲一甲村的低保问题", "甲一乙村的就业咨询"}),
        ("station=A2", {"甲二街道的优抚待遇"}),
        ("station=B1", set()),
        ("state=pending", {"甲一甲村的低保问题", "甲一乙村的就业咨询", "甲二街道的优抚待遇"}),
        ("state=closed", set()),
        ("track=petition", set()),
        ("channel=chat", {"甲一甲村的低保问题", "甲一乙村的就业咨询", "甲二街道的优抚待遇"}),
        ("channel=letter", set()),
    ],
)
def test_filters_and_search_narrow_the_queue(client, spread, query, seen):
    login(client, "supervisor_a")
    assert titles(client.get(f"/console/requests?view=all&{query}").get_data(as_text=True)) == seen


def test_the_category_filter_and_the_number_search(client, spread, db):
    login(client, "supervisor_a")
    jobs_category = category("就业创业")
    body = client.get(f"/console/requests?view=all&category_id={jobs_category.id}").get_data(as_text=True)
    assert titles(body) == {"甲一乙村的就业咨询"}
    number = db.session.get(ServiceRequest, spread["A2"]).number
    assert titles(client.get(f"/console/requests?view=all&q={number}").get_data(as_text=True)) == {
        "甲二街道的优抚待遇"
    }


def test_nonsense_filters_are_ignored_not_an_error(client, spread):
    login(client, "head_a1")
    response = client.get("/console/requests?view=nope&state=x&track=y&category_id=abc&page=-3&q=%00")
    assert response.status_code == 200
    assert titles(response.get_data(as_text=True)) == {"甲一甲村的低保问题", "甲一乙村的就业咨询"}


def _veteran(network, db):
    veteran = start_registration("chat", openid="oVet1")
    update_registration(veteran, values(network.station("A1a").id, name="王五", mobile="13912345678"))
    submit_registration(veteran)
    return veteran


def test_the_page_shows_the_facts_and_the_persons_masked_phone(client, network, db):
    veteran = _veteran(network, db)
    request = file_request(
        Person(veteran=veteran, openid="oVet1"), category("困难帮扶"), "房屋漏雨需要修缮", "chat", STAFF
    )
    db.session.commit()
    login(client, "clerk_a1a")
    body = client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    assert request.number in body and "王五" in body and "139****5678" in body and "13912345678" not in body
    for fact in ("困难帮扶", "服务诉求", "公众号", "甲一甲村站", "clerk@A1a", "待处理", "须在"):
        assert fact in body, fact


def test_the_timeline_tells_public_entries_from_internal_notes(client, spread, db):
    request = db.session.get(ServiceRequest, spread["A1a"])
    add_note(request, "已电话联系村委核实", Actor.of(request.assignee))
    db.session.commit()
    login(client, "clerk_a1a")
    body = client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    events = re.findall(r'<li class="event (public|internal) kind-(\w+)"', body)
    assert events == [("public", "filed"), ("internal", "assign"), ("internal", "note")]
    note = body[body.index("kind-note") :]
    assert "仅内部可见" in note[:600] and "已电话联系村委核实" in note[:800]


def test_an_attachment_is_shown_inline_and_each_view_is_audited(client, spread, db):
    request = db.session.get(ServiceRequest, spread["A1a"])
    attachment = upload_attachment(request, "image", PNG, STAFF)
    db.session.commit()
    login(client, "clerk_a1a")
    url = f"/console/requests/{request.id}/attachments/{attachment.id}"
    assert f'<img src="{url}"' in client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    response = client.get(url)
    assert (response.status_code, response.data, response.mimetype) == (200, PNG, "image/png")
    assert response.headers["Content-Disposition"] == "inline"
    entry = db.session.scalars(select(AuditEntry).filter_by(action="request.attachment.view")).one()
    assert entry.actor_name.endswith("（工作人员）") and entry.target_id == str(request.id)
    assert client.get(f"/console/requests/{request.id}/attachments/{attachment.id + 99}").status_code == 404


def test_another_requests_attachment_is_not_found_through_ones_own_request(client, spread, db):
    mine, theirs = (
        db.session.get(ServiceRequest, spread["A1a"]),
        db.session.get(ServiceRequest, spread["A1b"]),
    )
    foreign = upload_attachment(theirs, "image", PNG, STAFF)
    db.session.commit()
    login(client, "clerk_a1a")
    assert client.get(f"/console/requests/{mine.id}/attachments/{foreign.id}").status_code == 404
    assert db.session.scalars(select(AuditEntry).filter_by(action="request.attachment.view")).all() == []


def test_the_print_view_is_the_request_and_its_timeline_without_the_console(client, spread, db):
    request = db.session.get(ServiceRequest, spread["A1a"])
    add_note(request, "内部核实情况", STAFF)
    db.session.commit()
    login(client, "clerk_a1a")
    body = client.get(f"/console/requests/{request.id}/print").get_data(as_text=True)
    assert 'class="nav"' not in body and "print-page" in body
    assert request.number in body and "甲一甲村的低保问题" in body and "内部核实情况" in body
    assert "提交诉求" in body and "内部备注（内部）" in body and "签字" in body


def test_a_canned_answer_is_filled_into_the_reply_box(client, spread, db, network):
    request = db.session.get(ServiceRequest, spread["A1a"])
    answer = CannedAnswer(
        station_id=network.station("A1").id, title="已受理", body="{姓名}您好，诉求{编号}已受理。"
    )
    db.session.add(answer)
    db.session.commit()
    login(client, "clerk_a1a")
    page = client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    assert f'data-body="张三您好，诉求{request.number}已受理。"' in page
    picked = client.get(f"/console/requests/{request.id}?canned={answer.id}").get_data(as_text=True)
    assert re.search(rf'id="reply-body"[^>]*>\s*张三您好，诉求{request.number}已受理。</textarea>', picked)


def test_home_counts_open_requests_and_lists_the_users_work(client, spread, db):
    late = db.session.get(ServiceRequest, spread["A1a"])
    late.due_on = today() - timedelta(days=1)
    db.session.commit()
    login(client, "clerk_a1a")
    body = client.get("/console/").get_data(as_text=True)
    assert '<span class="number">1</span><span class="label">未办结诉求' in body
    assert 'href="/console/requests?view=mine">分派给我的诉求</a> <span class="badge">1' in body
    assert 'href="/console/requests?view=overdue">已逾期诉求</a> <span class="badge">1' in body
    assert "即将到期诉求" not in body


def test_the_tab_counts_are_kept_for_a_minute_and_the_list_is_always_current(client, spread, network, db):
    login(client, "clerk_a1a")
    first = client.get("/console/requests").get_data(as_text=True)
    assert '未办结 <span class="count-of">1</span>' in first
    file(network, name="其他", openid="oLater", content="甲一甲村的新问题，请帮忙")
    db.session.commit()
    again = client.get("/console/requests").get_data(as_text=True)
    assert "甲一甲村的新问题" in again and '未办结 <span class="count-of">1</span>' in again


def test_a_long_timeline_shows_its_newest_entries_and_folds_the_rest(client, network, db, monkeypatch):
    monkeypatch.setattr(pages, "TIMELINE_SHOWN", 3)
    request = file(network)
    for n in range(5):
        add_note(request, f"第{n}次电话联系", Actor.system("李办事"))
    db.session.commit()
    login(client, "clerk_a1a")
    page = client.get(f"/console/requests/{request.id}").get_data(as_text=True)
    assert "较早的 4 条记录未显示" in page and "第4次电话联系" in page and "第1次电话联系" not in page
    everything = client.get(f"/console/requests/{request.id}?timeline=all").get_data(as_text=True)
    assert "第0次电话联系" in everything and "未显示" not in everything


def test_a_search_counts_no_further_than_its_cap(client, network, db, monkeypatch):
    monkeypatch.setattr(request_counts, "SEARCH_CAP", 2)
    for n in range(3):
        file(network, openid=f"oCap{n}", content=f"村里道路坏了第{n}处")
    file(network, openid="oCap9", content="家里老人生病")
    db.session.commit()
    login(client, "clerk_a1a")
    page = client.get("/console/requests", query_string={"view": "all", "q": "道路"}).get_data(as_text=True)
    assert '全部 <span class="count-of">2+</span>' in page and "共 2+ 条" in page
    assert page.count("村里道路坏了") == 3  # the list itself is not cut: the first page holds all three
    plain = client.get("/console/requests", query_string={"view": "all"}).get_data(as_text=True)
    assert '全部 <span class="count-of">4</span>' in plain  # without a search the usual cap holds
