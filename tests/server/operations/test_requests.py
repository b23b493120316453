from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import func, select

from models import RequestCategory, RequestEvent, ServiceRequest
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, DomainError, InvalidState
from server.operations.service_requests.filing import (
    Person,
    add_person_message,
    file_request,
    next_number,
    request_of,
    save_request_category,
    withdraw_request,
)
from tests.support.databases import another_waits_for_this_session

PERSON = Actor.person("张三")


def category(db, name):
    return db.session.execute(select(RequestCategory).filter_by(name=name)).scalar_one()


def file(db, network, name="困难帮扶", openid="oReq1", code="A1a", **kwargs):
    person = Person(openid=openid, name="张三")
    return file_request(
        person,
        category(db, name),
        "家里老人生病，需要帮扶",
        "chat",
        PERSON,
        station=network.station(code),
        **kwargs,
    )


def test_a_filed_request_is_numbered_routed_assigned_and_on_the_timeline(db, network):
    request = file(db, network)
    db.session.commit()
    assert request.number == f"{date.today().year}-0000001"
    assert (request.station.code, request.state, request.track) == ("A1a", "pending", "service")
    assert request.assignee.username == "clerk_a1a"
    assert request.respond_due_on is not None and request.due_on > request.respond_due_on
    kinds = db.session.scalars(select(RequestEvent.kind).filter_by(request_id=request.id)).all()
    assert kinds == ["filed", "assign"]


def test_numbers_count_up_within_a_year(db):
    assert next_number(2031) == "2031-0000001"
    assert next_number(2031) == "2031-0000002"
    assert next_number(2032) == "2032-0000001"


def test_petitions_go_to_the_county_and_start_registered(db, network):
    request = file(db, network, name="信访/投诉")
    assert (request.station.code, request.state) == ("A", "registered")


def test_the_same_category_again_within_days_is_offered_as_a_duplicate(db, network):
    first = file(db, network)
    with pytest.raises(Conflict) as refused:
        file(db, network)
    assert refused.value.details["number"] == first.number
    assert file(db, network, allow_duplicate=True).number != first.number


def test_a_double_tap_files_once_and_offers_the_first_to_the_second(app, db, network):
    """Two filings of the same thing at once (PostgreSQL, two transactions): the second waits for
    the first and is offered it, as if it had come a moment later."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    file(db, network, openid="oEarlier")  # this year's counter row exists
    db.session.commit()
    first = file(db, network, openid="oTap")  # not committed yet

    def second_tap():
        with app.app_context():
            try:
                return file(db, network, openid="oTap").number
            except Conflict as refused:
                return refused.details["number"]
            finally:
                db.session.rollback()
                db.session.remove()

    with ThreadPoolExecutor(1) as pool:
        second = pool.submit(second_tap)
        assert another_waits_for_this_session(), "the second tap never waited for the first"
        assert not second.done()
        db.session.commit()
        assert second.result(timeout=10) == first.number
    assert db.session.scalar(select(func.count()).where(ServiceRequest.openid == "oTap")) == 1


def test_bad_content_is_refused_with_a_message(db, network):
    with pytest.raises(DomainError, match="诉求内容"):
        file_request(
            Person(openid="oX"),
            category(db, "其他"),
            "\x00\x01",
            "chat",
            PERSON,
            station=network.station("A1a"),
        )


def test_the_person_sees_only_their_own_requests(db, network):
    request = file(db, network)
    assert request_of(Person(openid="oReq1"), request.number) is request
    with pytest.raises(DomainError):
        request_of(Person(openid="someone-else"), request.number)


def test_a_closed_request_takes_no_more_messages(db, network):
    request = file(db, network)
    withdraw_request(request, PERSON)
    with pytest.raises(InvalidState):
        add_person_message(request, Person(openid="oReq1"), "还有一件事", PERSON)
    assert db.session.scalars(select(ServiceRequest.state)).one() == "withdrawn"


def test_a_petition_category_cannot_be_given_more_than_the_sixty_days_of_the_regulation(db):
    values = {"name": "涉军信访", "track": "petition", "first_response_days": 15, "resolution_days": 61}
    with pytest.raises(DomainError, match="60日"):
        save_request_category(None, values, PERSON)
    service = save_request_category(None, values | {"track": "service", "name": "长期帮扶"}, PERSON)
    assert service.resolution_days == 61
    db.session.rollback()
