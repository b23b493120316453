"""The person's rating after 办结, and what 不满意 does on each track."""

import pytest

from server.operations.core.audit import Actor
from server.operations.core.errors import InvalidState
from server.operations.service_requests.rating import rate_request
from server.operations.service_requests.states import move_request
from tests.support.requests import PERSON, file

STAFF = Actor.system("测试人员")


def resolved(network, name="困难帮扶"):
    request = file(network, name=name)
    if request.track == "petition":
        move_request(request, "accept", STAFF)
        move_request(request, "conclude", STAFF, reason="已依法办理")
    else:
        move_request(request, "resolve", STAFF, reason="已办结")
    return request


def test_a_satisfied_person_closes_the_request(db, network):
    request = resolved(network)
    rate_request(request, "satisfied", "谢谢", PERSON)
    assert (request.state, request.rating) == ("closed", "satisfied")


def test_an_unsatisfied_person_reopens_a_service_request(db, network):
    request = resolved(network)
    rate_request(request, "unsatisfied", "问题没有解决", PERSON)
    assert (request.state, request.rating) == ("processing", "unsatisfied")


def test_an_unsatisfied_petitioner_asks_for_review(db, network):
    petition = resolved(network, name="信访/投诉")
    rate_request(petition, "unsatisfied", None, PERSON)
    assert (petition.state, petition.review_round) == ("reviewing", 1)


def test_a_request_is_rated_once_and_only_after_it_is_resolved(db, network):
    request = file(network)
    with pytest.raises(InvalidState, match="办结后"):
        rate_request(request, "satisfied", None, PERSON)
    move_request(request, "resolve", STAFF, reason="已办结")
    rate_request(request, "fair", None, PERSON)
    with pytest.raises(InvalidState):
        rate_request(request, "satisfied", None, PERSON)


def test_a_one_word_complaint_still_starts_the_review(db, network):
    petition = resolved(network, name="信访/投诉")
    rate_request(petition, "unsatisfied", "差", PERSON)
    assert (petition.state, petition.review_round, petition.rating_comment) == ("reviewing", 1, "差")
