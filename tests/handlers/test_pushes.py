"""MASSSENDJOBFINISH at /wechat: WeChat's counts land on the push batch of that msg_id."""

from models import Push, db
from server.gateway import MassSend
from server.operations.pushes.sending import batches_left, record_batch_sent, start_push
from tests.support.pushes import follower, push_for


def _sent_push(network, msg_id):
    for n in range(5):
        follower(network, f"oFinish{n}", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    start_push(push)
    (batch,) = batches_left(push)
    record_batch_sent(batch, MassSend(msg_id))
    db.session.commit()
    return push


def _finished(push_fixture, msg_id, **counts):
    fields = {"MsgID": msg_id, "Status": "send success", **counts}
    return push_fixture.event("oSandboxSystemSender0000", "MASSSENDJOBFINISH", **fields)


def test_the_event_puts_wechat_s_counts_on_the_batch_and_the_push(network, deliver, push):
    sent = _sent_push(network, 4242)
    assert (sent.sent, sent.filtered, sent.failed) == (5, 0, 0)  # handed to WeChat, not yet counted
    response, reply = deliver(_finished(push, 4242, TotalCount=5, FilterCount=4, SentCount=3, ErrorCount=1))
    assert response.status_code == 200
    db.session.expire_all()
    sent = db.session.get(Push, sent.id)
    batch = sent.batches[0]
    assert (batch.total_count, batch.filter_count, batch.sent_count, batch.error_count) == (5, 4, 3, 1)
    assert batch.status == "send success" and batch.finished_at is not None
    assert (sent.sent, sent.filtered, sent.failed) == (3, 1, 1)


def test_an_event_for_a_send_that_is_not_ours_changes_nothing(network, deliver, push):
    sent = _sent_push(network, 4243)
    response, _ = deliver(_finished(push, 9999, TotalCount=2, FilterCount=2, SentCount=2, ErrorCount=0))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Push, sent.id).batches[0].sent_count is None
