"""The daily tally (models/request_tally.py) stays the sum over the requests as they stand, through
every operation that moves a counted column: the rows kept in step equal the rows rebuilt from the
requests, and a station's row counts its whole subtree."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import RequestDayTally, ServiceRequest, Station, db
from models.request_tally import rebuild_tallies
from models.types import utcnow
from server.operations.core.audit import Actor
from server.operations.core.calendar import WorkingCalendar
from server.operations.network.stations import import_stations
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.filing import withdraw_request
from server.operations.service_requests.rating import rate_request
from server.operations.service_requests.replies import merge_requests, reply_to_request
from server.operations.service_requests.routing import pass_down, pass_up
from server.operations.service_requests.states import move_request
from server.operations.service_requests.stats import Average, Period, request_stats
from server.timezone import local_date
from tests.support.databases import another_waits_for_this_session
from tests.support.request_stats import tally_rows
from tests.support.requests import PERSON, file


def rebuilt():
    rebuild_tallies(db.session)
    return tally_rows()


def totals(code):
    counted = (func.coalesce(func.sum(c), 0) for c in (RequestDayTally.filed, RequestDayTally.closed))
    statement = select(*counted).join(Station)
    return tuple(db.session.execute(statement.where(Station.code == code)).one())


def test_every_operation_keeps_the_tally_equal_to_one_rebuilt_from_the_requests(network):
    clerk = Actor.of(network.staff("clerk_a1a"), None)
    head = Actor.of(network.staff("head_a"), None)
    answered = file(network, openid="oTally1")
    reply_to_request(answered, "您好，已收到，正在核实。", clerk)
    move_request(answered, "resolve", clerk, reason="已发放临时救助金。")
    rate_request(answered, "unsatisfied", "还没到账", PERSON)  # reopens it: resolution and rating off
    move_request(answered, "resolve", clerk, reason="已到账。")
    passed = file(network, openid="oTally2", name="就业创业")
    pass_up(passed, clerk, "需要街道协调岗位")
    pass_down(passed, network.station("A1a"), Actor.of(network.staff("head_a1"), None), "请村站跟进")
    withdrawn = file(network, openid="oTally3")
    withdraw_request(withdrawn, PERSON, "已自行解决")
    kept, merged = file(network, openid="oTally4"), file(network, openid="oTally4", name="就业创业")
    merge_requests(merged, kept, clerk)
    petition = file(network, openid="oTally5", name="信访/投诉")
    move_request(petition, "accept", head)
    refused = file(network, openid="oTally6", name="信访/投诉")
    move_request(refused, "reject", head, reason="不属于本机关职责范围。")
    db.session.commit()

    assert tally_rows() == rebuilt()
    # (filed, closed): five at A1a (the petitions went to A), of them resolved, withdrawn and merged
    assert totals("A1a") == (5, 3)
    assert totals("A") == (7, 4) and totals("C") == (7, 4) and totals("B") == (0, 0)  # + refused
    resolved = db.session.get(ServiceRequest, answered.id)
    assert resolved.response_days == 0 and resolved.resolution_days == 0


def test_an_answer_and_a_resolution_keep_the_working_days_they_took(network):
    request = file(network, openid="oDays")
    request.created_at -= timedelta(days=20)  # filed three weeks ago
    db.session.commit()
    clerk = Actor.of(network.staff("clerk_a1a"), None)
    reply_to_request(request, "您好，已收到，正在核实。", clerk)
    move_request(request, "resolve", clerk, reason="已发放临时救助金。")
    db.session.commit()
    filed = local_date(request.created_at)
    expected = WorkingCalendar.load().working_days_between(filed, today())
    assert request.response_days == request.resolution_days == expected >= 10
    week = Period(filed, today())
    stats = request_stats(network.staff("head_a1a"), week, day=today())
    assert stats.first_response == Average(expected, 1) and stats.resolution == Average(expected, 1)


def test_a_station_moved_in_the_tree_takes_its_requests_to_its_new_ancestors(network):
    for n in range(3):
        file(network, openid=f"oMove{n}", code="A1b")
    db.session.commit()
    assert totals("A1") == (3, 0) and totals("A2") == (0, 0)
    row = dict(code="A1b", name="甲一乙村站", level="village", parent_code="A2", address="", phone="")
    import_stations(list(row), [(2, row)], Actor.system("test"))
    db.session.commit()
    assert totals("A2") == (3, 0) and totals("A1") == (0, 0) and totals("A") == (3, 0)
    assert tally_rows() == rebuilt()


def test_a_change_rolled_back_leaves_nothing_behind_for_the_next_commit(network):
    clerk = Actor.of(network.staff("clerk_a1a"), None)
    request = file(network, openid="oRollback")
    db.session.commit()
    before = tally_rows()
    move_request(request, "resolve", clerk, reason="已办理完毕。")
    db.session.flush()
    db.session.rollback()
    assert tally_rows() == before
    file(network, openid="oAfterRollback")
    db.session.commit()
    assert tally_rows() == rebuilt() and totals("A1a") == (2, 0)


def test_a_savepoint_rolled_back_counts_what_the_commit_finds(network):
    clerk = Actor.of(network.staff("clerk_a1a"), None)
    kept, undone = file(network, openid="oSaved"), file(network, openid="oUndone")
    db.session.commit()
    move_request(kept, "resolve", clerk, reason="已办理完毕。")
    with db.session.begin_nested() as savepoint:
        move_request(undone, "resolve", clerk, reason="已办理完毕。")
        db.session.flush()
        savepoint.rollback()
    db.session.commit()
    assert totals("A1a") == (2, 1) and tally_rows() == rebuilt()


def test_two_transactions_changing_one_request_take_off_what_the_other_committed(app, network):
    """The second waits for the first's row lock, then takes off the row as the first left it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    request_id, moved_to = file(network, openid="oRace").id, network.station("A1b").id
    db.session.commit()
    request = db.session.get(ServiceRequest, request_id)
    request.state, request.closed_at = "withdrawn", utcnow()
    db.session.flush()  # the first transaction holds the request's row

    def move_it():
        with app.app_context():
            same = db.session.get(ServiceRequest, request_id)
            same.station_id = moved_to
            db.session.commit()  # waits for the first to commit
            db.session.remove()

    with ThreadPoolExecutor(1) as pool:
        second = pool.submit(move_it)
        assert another_waits_for_this_session(), "the second transaction never waited for the first"
        assert not second.done()
        db.session.commit()
        second.result(timeout=10)
    assert totals("A1b") == (1, 1) and totals("A1a") == (0, 0)
    assert tally_rows() == rebuilt()
