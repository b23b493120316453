"""Acting on a request in the console, over HTTP: replies reach the person on WeChat (and the page
shows how), notes never do, states move only as the track allows, requests are assigned, passed up
and down, merged and linked, and every change is in the audit log."""

import re

import pytest
from sqlalchemy import select

from models import AuditEntry, Notification, RequestEvent, ServiceRequest
from server.operations.core.audit import Actor
from server.operations.service_requests.filing import withdraw_request
from server.operations.service_requests.states import move_request
from tests.support.network import csrf_token, login
from tests.support.requests import file

STAFF = Actor.system("测试人员")


@pytest.fixture
def filed(network, db):
    """A service request from oAct1 at 甲一甲村站, assigned to clerk_a1a."""
    request = file(network, openid="oAct1", content="家里老人生病，需要帮扶")
    db.session.commit()
    return request.id


def page_url(request_id):
    return f"/console/requests/{request_id}"


def post(client, request_id, action, **data):
    token = csrf_token(client.get(page_url(request_id)).get_data(as_text=True))
    return client.post(f"{page_url(request_id)}/{action}", data={"csrf_token": token, **data})


def body_of(client, request_id):
    return client.get(page_url(request_id)).get_data(as_text=True)


def reply_delivery(body):
    """What the page says of the reply's delivery."""
    reply = body[body.index("kind-reply") :]
    return re.search(r'<span class="delivery \w+">([^<]+)</span>', reply).group(1)


def signed_in(app, username):
    other = app.test_client()
    login(other, username)
    return other


def audit_actions(db):
    return db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("request."))).all()


def test_a_reply_inside_the_window_reaches_the_person_as_a_customer_service_message(
    client, filed, db, wechat, jobs
):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    login(client, "clerk_a1a")
    response = post(client, filed, "reply", body="您好，已安排村干部上门了解情况。")
    assert response.status_code == 302
    assert reply_delivery(body_of(client, filed)) == "待发送"
    jobs.run()
    sent = wechat.outbox(path="/cgi-bin/message/custom/send")
    assert [m["body"]["touser"] for m in sent] == ["oAct1"]
    assert "已安排村干部上门了解情况" in sent[0]["body"]["text"]["content"]
    body = body_of(client, filed)
    assert reply_delivery(body) == "已通过客服消息送达"
    request = db.session.get(ServiceRequest, filed)
    assert request.state == "processing" and request.first_responded_at is not None
    assert "request.reply" in audit_actions(db)


def test_a_reply_to_a_follower_who_never_wrote_goes_as_the_template_fallback(client, filed, db, wechat, jobs):
    wechat.follow("oAct1")
    wechat.advance(120)  # past the minute a follow opens; no message ever opened the 48 hours
    login(client, "clerk_a1a")
    post(client, filed, "reply", body="您好，已安排村干部上门了解情况。")
    jobs.run()
    template = wechat.outbox(path="/cgi-bin/message/template/send")
    assert [m["body"]["touser"] for m in template] == ["oAct1"]
    number = db.session.get(ServiceRequest, filed).number
    fields = dict(template[0]["fields"])
    assert (fields["诉求编号"], fields["办理状态"]) == (number, "有新回复")
    assert template[0]["body"]["miniprogram"]["pagepath"] == f"pages/requests/detail?number={number}"
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.state, notification.detail["custom_errcode"]) == ("fallback_sent", 45015)
    assert reply_delivery(body_of(client, filed)) == "窗口外，已改用模板消息"


def test_a_reply_that_wechat_refuses_shows_the_errcode(client, filed, wechat, jobs):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": 48001})  # refused for good, not "try later"
    login(client, "clerk_a1a")
    post(client, filed, "reply", body="您好，已安排村干部上门了解情况。")
    jobs.run()
    assert reply_delivery(body_of(client, filed)) == "发送失败（48001）"


def test_a_reply_to_someone_who_left_the_account_says_where_they_can_read_it(client, filed, wechat, jobs):
    wechat.follow("oAct1")
    wechat.send("oAct1", "event", event="unsubscribe")
    login(client, "clerk_a1a")
    post(client, filed, "reply", body="您好，已安排村干部上门了解情况。")
    jobs.run()
    assert wechat.outbox(path="/cgi-bin/message/custom/send") == []
    body = body_of(client, filed)
    assert "已答复。本人未关注公众号，可在小程序查看" in body  # the flash says so at once
    assert reply_delivery(body) == "本人未关注公众号（或已取消关注），可在小程序查看"


def test_a_note_never_reaches_the_person(client, filed, db, wechat, jobs):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    login(client, "clerk_a1a")
    assert post(client, filed, "note", body="本人情绪激动，注意沟通方式").status_code == 302
    jobs.run()
    assert wechat.outbox(path="/cgi-bin/message/custom/send") == []
    assert wechat.outbox(path="/cgi-bin/message/template/send") == []
    assert db.session.scalars(select(Notification)).all() == []
    note = db.session.scalars(select(RequestEvent).filter_by(request_id=filed, kind="note")).one()
    assert note.public is False and "注意沟通方式" in body_of(client, filed)
    assert "request.note" in audit_actions(db)


def test_an_empty_reply_is_refused_and_nothing_is_sent(client, filed, db):
    login(client, "clerk_a1a")
    response = post(client, filed, "reply", body="   ")
    assert response.status_code == 400 and "请填写答复内容" in response.get_data(as_text=True)
    assert db.session.scalars(select(RequestEvent).filter_by(request_id=filed, kind="reply")).all() == []


def test_an_illegal_transition_is_refused_with_the_operations_message(client, filed, db):
    login(client, "clerk_a1a")
    response = post(client, filed, "move/close")
    assert response.status_code == 409
    assert "诉求当前为“待处理”，不能关闭" in response.get_data(as_text=True)
    response = post(client, filed, "move/accept")  # a petition's step on a service request
    assert response.status_code == 409
    assert db.session.get(ServiceRequest, filed).state == "pending"


def test_resolving_needs_an_answer_and_keeps_what_was_typed_when_refused(client, filed, db):
    login(client, "clerk_a1a")
    response = post(client, filed, "move/resolve", reason="好")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "请写明办结的说明" in body
    assert re.search(r'id="move-resolve"[^>]*>\s*好</textarea>', body)
    assert post(client, filed, "move/resolve", reason="已发放临时救助金").status_code == 302
    request = db.session.get(ServiceRequest, filed)
    assert request.state == "resolved"
    assert "已发放临时救助金" in body_of(client, filed)
    entry = db.session.scalars(select(AuditEntry).filter_by(action="request.move")).one()
    assert entry.detail["move"] == "resolve" and entry.target_id == str(filed)


def test_the_page_offers_only_the_actions_the_state_allows(client, filed):
    login(client, "clerk_a1a")
    body = body_of(client, filed)
    offered = re.findall(r'action="/console/requests/\d+/move/(\w+)"', body)
    assert offered == ["start", "wait", "resolve"]


def test_a_followup_is_recorded_after_resolution(client, filed, db):
    login(client, "clerk_a1a")
    post(client, filed, "move/resolve", reason="已发放临时救助金")
    response = post(client, filed, "followup", body="电话回访，本人表示满意", rating="satisfied")
    assert response.status_code == 302
    followup = db.session.scalars(select(RequestEvent).filter_by(request_id=filed, kind="followup")).one()
    assert followup.data["rating"] == "satisfied"
    assert "本人评价：满意" in body_of(client, filed)


def test_a_followup_before_resolution_is_refused(client, filed):
    login(client, "clerk_a1a")
    response = post(client, filed, "followup", body="电话回访")
    assert response.status_code == 409 and "办结后才能回访" in response.get_data(as_text=True)


def test_a_head_assigns_to_a_clerk_of_the_station(client, network, db):
    request = file(network, code="A1")
    db.session.commit()
    login(client, "head_a1")
    clerk = network.staff("clerk_a1")
    assert post(client, request.id, "assign", assignee_id=clerk.id).status_code == 302
    assert db.session.get(ServiceRequest, request.id).assignee_id == clerk.id
    outsider = network.staff("clerk_a1a")  # in scope, but not at the owning station
    response = post(client, request.id, "assign", assignee_id=outsider.id)
    assert response.status_code == 400 and "只能指派给受理站点的在岗工作人员" in response.get_data(
        as_text=True
    )
    assert "request.assign" in audit_actions(db)


def test_a_clerk_takes_a_request_but_cannot_give_it_to_someone_else(app, client, network, db):
    request = file(network, code="A1")
    db.session.commit()
    supervisor = signed_in(app, "supervisor_a1")
    assert "由我办理" not in body_of(supervisor, request.id)  # supervisors assign with the list
    login(client, "clerk_a1")
    request_row = db.session.get(ServiceRequest, request.id)
    request_row.assignee_id = None
    db.session.commit()
    assert "由我办理" in body_of(client, request.id)
    response = post(client, request.id, "assign", assignee_id=network.staff("head_a1").id)
    assert response.status_code == 403 and "只能把诉求指派给自己" in response.get_data(as_text=True)
    assert post(client, request.id, "assign", assignee_id=network.staff("clerk_a1").id).status_code == 302
    assert db.session.get(ServiceRequest, request.id).assignee_id == network.staff("clerk_a1").id


def test_passing_up_moves_the_request_out_of_the_villages_scope(client, network, filed, db):
    login(client, "clerk_a1a")
    response = post(client, filed, "pass-up", note="涉及多个村，请街道协调")
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/requests")
    request = db.session.get(ServiceRequest, filed)
    assert request.station.code == "A1" and request.assignee.username == "clerk_a1"
    assert post(client, filed, "note", body="再补充一句").status_code == 404  # read only now
    entry = db.session.scalars(select(AuditEntry).filter_by(action="request.pass_up")).one()
    assert entry.station_id == network.station("A1a").id  # where it was: the village's own log shows it


def test_passing_down_moves_it_into_the_villages_scope(app, client, network, db):
    request = file(network, code="A1")
    db.session.commit()
    village = signed_in(app, "clerk_a1a")
    assert village.get(page_url(request.id)).status_code == 404
    login(client, "head_a1")
    body = body_of(client, request.id)
    assert "甲一乙村站" in body[body.index('id="pass-down-station"') :][:600]
    response = post(
        client, request.id, "pass-down", station_id=network.station("A1a").id, note="请村里先核实"
    )
    assert response.status_code == 302
    passed = db.session.get(ServiceRequest, request.id)
    assert (passed.station.code, passed.assignee.username) == ("A1a", "clerk_a1a")
    assert "请村里先核实" in body_of(village, request.id)


def test_passing_down_to_a_station_outside_is_refused(client, network, db):
    request = file(network, code="A1")
    db.session.commit()
    login(client, "head_a1")
    response = post(client, request.id, "pass-down", station_id=network.station("B1a").id, note="请核实")
    assert response.status_code == 400 and "只能交办给下级站点" in response.get_data(as_text=True)
    assert db.session.get(ServiceRequest, request.id).station.code == "A1"


def test_the_same_persons_requests_merge(client, network, db):
    first = file(network, openid="oSame")
    second = file(network, name="就业创业", openid="oSame", content="想找一份保安的工作")
    db.session.commit()
    login(client, "clerk_a1a")
    response = post(client, second.id, "merge", number=first.number)
    assert response.status_code == 302
    assert db.session.get(ServiceRequest, second.id).state == "merged"
    body = body_of(client, first.id)
    assert "想找一份保安的工作" in body and second.number in body
    assert "request.merge" in audit_actions(db)


def test_different_peoples_requests_link_but_do_not_merge(client, network, db):
    first = file(network, openid="oOne")
    second = file(network, openid="oTwo")
    db.session.commit()
    login(client, "clerk_a1a")
    response = post(client, second.id, "merge", number=first.number)
    assert response.status_code == 409 and "请使用“关联”" in response.get_data(as_text=True)
    assert post(client, second.id, "link", number=first.number).status_code == 302
    assert first.number in body_of(client, second.id) and second.number in body_of(client, first.id)


def test_merging_into_a_request_outside_the_scope_is_refused_as_not_found(client, network, db):
    mine = file(network, openid="oSame")
    theirs = file(network, openid="oSame", code="A1b", allow_duplicate=True)
    db.session.commit()
    login(client, "clerk_a1a")
    for action in ("merge", "link"):
        response = post(client, mine.id, action, number=theirs.number)
        assert response.status_code == 404 and "不在您的管辖范围内" in response.get_data(as_text=True)
    assert db.session.get(ServiceRequest, mine.id).state == "pending"


def test_a_petition_is_accepted_and_extended_once(client, network, db, jobs):
    petition = file(network, name="信访/投诉", openid="oPet")
    db.session.commit()
    login(client, "clerk_a")
    assert post(client, petition.id, "move/accept").status_code == 302
    due = db.session.get(ServiceRequest, petition.id).due_on
    assert post(client, petition.id, "extend", days="10", reason="需要多部门会商").status_code == 302
    extended = db.session.get(ServiceRequest, petition.id)
    assert extended.extended and extended.due_on > due
    response = post(client, petition.id, "extend", days="5", reason="再延一次")
    assert response.status_code == 409 and "只能延长一次" in response.get_data(as_text=True)
    assert "request.extend" in audit_actions(db)


def test_an_extension_beyond_thirty_days_is_refused(client, network, db):
    petition = file(network, name="信访/投诉", openid="oPet")
    move_request(petition, "accept", STAFF)
    db.session.commit()
    login(client, "clerk_a")
    response = post(client, petition.id, "extend", days="45", reason="需要多部门会商")
    assert response.status_code == 400 and "1-30" in response.get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused(client, filed, db):
    login(client, "clerk_a1a")
    response = client.post(f"{page_url(filed)}/note", data={"body": "没有令牌"})
    assert response.status_code == 400
    assert db.session.scalars(select(RequestEvent).filter_by(request_id=filed, kind="note")).all() == []


def test_marking_a_request_urgent_shows_it_in_the_queue_and_can_be_undone(client, filed, db, wechat, jobs):
    login(client, "clerk_a1a")
    assert post(client, filed, "priority/urgent").status_code == 302
    assert db.session.get(ServiceRequest, filed).priority == "urgent"
    queue = client.get("/console/requests").get_data(as_text=True)
    assert '<span class="badge">紧急</span>' in queue
    refused = post(client, filed, "priority/urgent")  # already urgent
    assert refused.status_code == 409 and "该诉求已是“紧急”" in refused.get_data(as_text=True)
    assert f'/console/requests/{filed}/priority/normal"' in body_of(client, filed)
    assert post(client, filed, "priority/normal").status_code == 302
    assert '<span class="badge">紧急</span>' not in client.get("/console/requests").get_data(as_text=True)
    entries = db.session.scalars(select(RequestEvent).filter_by(request_id=filed, kind="priority")).all()
    assert [(e.data["priority"], e.public) for e in entries] == [("urgent", False), ("normal", False)]
    timeline = body_of(client, filed).split("办理记录", 1)[1].split("公开答复", 1)[0]
    assert timeline.count("kind-priority") == 2
    assert "<strong>标为紧急</strong>" in timeline and "<strong>取消紧急</strong>" in timeline
    assert audit_actions(db).count("request.priority") == 2
    jobs.run()
    assert wechat.outbox(path="/cgi-bin/message/custom/send") == []  # the person is not told


def test_a_withdrawn_request_keeps_its_priority(client, filed, db):
    withdraw_request(db.session.get(ServiceRequest, filed), Actor.person("oAct1"))
    db.session.commit()
    login(client, "clerk_a1a")
    response = post(client, filed, "priority/urgent")
    assert response.status_code == 409 and "不能调整紧急程度" in response.get_data(as_text=True)
    assert db.session.get(ServiceRequest, filed).priority == "normal"
