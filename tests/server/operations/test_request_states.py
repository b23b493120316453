"""The two tracks as the operations enforce them: service requests and petitions (信访)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Notification, RequestEvent
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError, InvalidState
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.states import actions_for, extend_request, move_request
from tests.support.requests import file

STAFF = Actor.system("测试人员")


def events(db, request, kind):
    statement = select(RequestEvent).filter_by(request_id=request.id, kind=kind).order_by(RequestEvent.id)
    return db.session.scalars(statement).all()


def test_a_service_request_runs_pending_to_closed(db, network):
    request = file(network)
    assert actions_for(request) == ["start", "wait", "resolve"]
    move_request(request, "start", STAFF)
    move_request(request, "wait", STAFF, reason="请补充低保证明")
    assert (request.state, request.paused_on is not None) == ("waiting", True)
    move_request(request, "resume", STAFF)
    move_request(request, "resolve", STAFF, reason="已发放临时救助金")
    assert request.resolved_at is not None and request.due_on is None
    move_request(request, "close", STAFF, day=today() + timedelta(days=10))  # unrated, after the wait
    assert request.state == "closed"
    assert [e.data["to"] for e in events(db, request, "state")] == [
        "processing", "waiting", "processing", "resolved", "closed"
    ]  # fmt: skip


def test_an_illegal_move_is_refused_with_the_reason(db, network):
    request = file(network)
    with pytest.raises(InvalidState, match="待处理.*不能关闭"):
        move_request(request, "close", STAFF)
    with pytest.raises(InvalidState):
        move_request(request, "accept", STAFF)  # a petition's step on a service request
    assert request.state == "pending"


def test_resolving_needs_an_answer_the_person_will_read(db, network):
    request = file(network)
    with pytest.raises(DomainError, match="说明"):
        move_request(request, "resolve", STAFF, reason="")


def test_a_request_resolved_long_ago_cannot_be_reopened(db, network):
    request = file(network)
    move_request(request, "resolve", STAFF, reason="已办理完毕")
    with pytest.raises(InvalidState, match="30个工作日"):
        move_request(request, "reopen", STAFF, day=today() + timedelta(days=60))
    move_request(request, "reopen", STAFF, day=today() + timedelta(days=30))  # 30 days: ~21 working days
    assert request.state == "processing"


def test_staff_close_a_resolved_request_only_once_the_person_had_time_to_rate(db, network):
    request = file(network)
    move_request(request, "resolve", STAFF, reason="已办结")
    with pytest.raises(InvalidState, match="评价"):
        move_request(request, "close", STAFF)
    by_phone = file(network, openid=None)  # nobody to ask on WeChat: closed at once
    move_request(by_phone, "resolve", STAFF, reason="已电话答复")
    move_request(by_phone, "close", STAFF)
    assert by_phone.state == "closed"


def test_a_petition_is_final_only_when_the_review_window_has_passed(db, network):
    petition = file(network, name="信访/投诉")
    move_request(petition, "accept", STAFF)
    move_request(petition, "conclude", STAFF, reason="已依法办理")
    with pytest.raises(InvalidState, match="复查、复核"):
        move_request(petition, "finalize", STAFF)
    move_request(petition, "finalize", STAFF, day=today() + timedelta(days=60))
    assert petition.state == "final"
    notice = db.session.scalars(select(Notification.text).order_by(Notification.id.desc())).first()
    assert petition.number in notice and "“已终结”" in notice


def test_a_petition_is_accepted_handled_reviewed_twice_and_then_final(db, network):
    petition = file(network, name="信访/投诉")
    assert actions_for(petition) == ["accept", "reject"]
    move_request(petition, "accept", STAFF)
    assert petition.due_on is not None and petition.first_responded_at is not None
    move_request(petition, "conclude", STAFF, reason="经调查，已落实相关待遇")
    move_request(petition, "review", Actor.person("张三"), reason="对办理意见不服，申请复查")
    assert (petition.state, petition.review_round, petition.state_name) == ("reviewing", 1, "复查中")
    move_request(petition, "conclude", STAFF, reason="复查维持原办理意见")
    move_request(petition, "review", Actor.person("张三"), reason="申请复核")
    assert petition.state_name == "复核中"
    move_request(petition, "conclude", STAFF, reason="复核维持原意见")
    assert petition.state == "final"  # after 复核 the same matter is not taken again
    with pytest.raises(InvalidState):
        move_request(petition, "review", Actor.person("张三"), reason="再次申请")


def test_a_refused_petition_says_why(db, network):
    petition = file(network, name="信访/投诉")
    with pytest.raises(DomainError):
        move_request(petition, "reject", STAFF)
    move_request(petition, "reject", STAFF, reason="不属于本机关职责范围，请向法院起诉")
    assert petition.state == "rejected" and not petition.is_open


def test_handling_is_extended_once_by_at_most_thirty_working_days(db, network):
    petition = file(network, name="信访/投诉")
    move_request(petition, "accept", STAFF)
    due = petition.due_on
    with pytest.raises(DomainError, match="1-30"):
        extend_request(petition, 31, "情况复杂需要调查", STAFF)
    extend_request(petition, 30, "涉及多个部门，需要联合调查", STAFF)
    assert petition.due_on > due and petition.extended
    with pytest.raises(InvalidState, match="一次"):
        extend_request(petition, 5, "还需要时间", STAFF)
    (extension,) = events(db, petition, "extend")
    assert extension.public and "联合调查" in extension.body
