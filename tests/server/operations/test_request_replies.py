"""Staff answers: public replies reach the person (even after an outage), notes never do; merges
and links."""

import pytest

from models import Notification
from server.operations.core.audit import Actor
from server.operations.core.errors import InvalidState
from server.operations.service_requests.events import timeline
from server.operations.service_requests.replies import (
    add_note,
    link_requests,
    linked_requests,
    merge_requests,
    reply_to_request,
)
from tests.support.requests import file

STAFF = Actor.system("李办事")


def test_a_reply_written_while_wechat_is_down_is_kept_and_sent_when_it_is_back(db, network, wechat, jobs):
    openid = "oReply1"
    wechat.follow(openid)
    wechat.say(openid, "你好")
    request = file(network, openid=openid)
    db.session.commit()
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": -1})
    reply = reply_to_request(request, "已联系民政所，下周上门核实。", STAFF)
    db.session.commit()
    jobs.run()
    assert db.session.get(Notification, reply.notification_id).state == "pending"
    assert request.state == "processing" and request.first_responded_at is not None
    wechat.clear_faults()
    jobs.run_retries()
    (event, notification) = [(e, n) for e, n in timeline(request) if e.kind == "reply"][0]
    assert (notification.state, notification.channel) == ("sent", "custom")
    sent = wechat.outbox(path="/cgi-bin/message/custom/send")
    notice = [m["body"]["text"]["content"] for m in sent if m["body"]["touser"] == openid][-1]
    assert "有新答复：\n已联系民政所，下周上门核实。\n" in notice and "回复“我的诉求”" in notice


def test_an_internal_note_is_never_public(db, network):
    request = file(network)
    add_note(request, "此人上月已领取过一次救助", STAFF)
    assert [e.kind for e, _n in timeline(request, public_only=True)] == ["filed"]


def test_the_same_persons_requests_merge_and_different_peoples_only_link(db, network):
    first, second = file(network, openid="oM"), file(network, openid="oM", allow_duplicate=True)
    other = file(network, openid="oOther")
    with pytest.raises(InvalidState, match="关联"):
        merge_requests(other, first, STAFF)
    merge_requests(second, first, STAFF)
    assert (second.state, second.merged_into_id) == ("merged", first.id)
    with pytest.raises(InvalidState):
        reply_to_request(second, "请看合并后的诉求", STAFF)
    link_requests(first, other, STAFF)
    link_requests(other, first, STAFF)  # linking again changes nothing
    assert linked_requests(first) == [other] and linked_requests(other) == [first]


def test_a_petition_never_merges_into_a_service_request(db, network):
    petition = file(network, name="信访/投诉", openid="oTracks")
    service = file(network, openid="oTracks", code="A")  # the same person's, at the county too
    with pytest.raises(InvalidState, match="办理程序不同"):
        merge_requests(petition, service, STAFF)
    assert petition.state == "registered"
