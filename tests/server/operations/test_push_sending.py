"""Sending a push: recipients fixed in batches of at most 10,000 and at least 2, counts, and what is
too late to send again."""

from datetime import timedelta

from models import db
from server.gateway import MassSend
from server.operations.pushes import sending
from server.operations.pushes.sending import (
    batches_left,
    claim_batch,
    due_pushes,
    finish_push,
    record_batch_sent,
    split_batches,
    start_push,
)
from tests.support.pushes import follower, push_for


def test_batches_are_even_so_none_is_below_wechat_s_two():
    assert [len(b) for b in split_batches(list(range(10_001)))] == [5001, 5000]
    assert [len(b) for b in split_batches(list(range(20_000)))] == [10_000, 10_000]
    assert [len(b) for b in split_batches(list(range(2)))] == [2]


def test_one_follower_cannot_be_sent_to_by_list_and_the_push_says_so(network):
    follower(network, "oAlone", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    assert start_push(push) and push.state == "failed" and "只有1位" in push.error
    assert push.targeted == 1 and push.batches == []


def test_a_push_starts_once_and_only_when_due(network):
    for n in range(3):
        follower(network, f"oDue{n}", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    assert due_pushes() == [push.id]
    assert start_push(push) and not start_push(push)
    assert [b.clientmsgid for b in push.batches] == [f"push-{push.id}-1"]
    assert due_pushes() == []  # sending, and alive
    push.beat_at -= sending.STALLED_AFTER + timedelta(seconds=1)
    assert due_pushes() == [push.id]  # its worker died: resumed by the periodic job


def test_a_batch_claimed_more_than_23_hours_ago_fails_rather_than_risk_a_second_send(network):
    for n in range(4):
        follower(network, f"oLate{n}", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    start_push(push)
    (batch,) = batches_left(push)
    assert claim_batch(batch)  # the call went (or not): nobody knows, the worker died
    push.started_at -= timedelta(hours=24)
    assert not claim_batch(batch) and batch.state == "failed"
    finish_push(push)
    assert push.state == "failed" and push.failed == 4


def test_a_batch_never_tried_still_goes_however_late(network):
    for n in range(4):
        follower(network, f"oLate{n}", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    start_push(push)
    (batch,) = batches_left(push)
    push.started_at -= timedelta(hours=24)
    assert claim_batch(batch) and batch.state == "sending"


def test_the_push_is_sent_when_its_last_batch_is(network, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    for n in range(4):
        follower(network, f"oLast{n}", "A1")
    push = push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id])
    start_push(push)
    first, second = batches_left(push)
    record_batch_sent(first, MassSend(1))
    finish_push(push)
    assert push.state == "sending" and push.sent == 2
    record_batch_sent(second, MassSend(2))
    finish_push(push)
    db.session.flush()
    assert push.state == "sent" and push.sent == 4 and push.finished_at is not None
