"""Who gets a new request, and passing requests up and down the network."""

import pytest

from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError, InvalidState
from server.operations.network.staff import create_staff
from server.operations.service_requests.routing import assign_request, least_loaded_clerk, pass_down, pass_up
from tests.support.network import PASSWORD
from tests.support.requests import file

STAFF = Actor.system("测试人员")


def test_new_requests_go_to_the_clerk_with_the_fewest_open_ones(db, network):
    station = network.station("A1a")
    second = create_staff("clerk2_a1a", "第二位", station, "clerk", PASSWORD, STAFF)
    first = file(network, openid="o1")
    assert first.assignee.username == "clerk_a1a"
    assert file(network, openid="o2").assignee_id == second.id
    assert file(network, openid="o3").assignee.username == "clerk_a1a"


def test_a_clerk_marked_away_gets_nothing_new(db, network):
    network.staff("clerk_a1a").away = True
    assert file(network).assignee.username == "head_a1a"  # the head when no clerk is in


def test_a_request_is_assigned_only_within_its_station(db, network):
    request = file(network)
    with pytest.raises(DomainError):
        assign_request(request, network.staff("clerk_b1a"), STAFF)


def test_passing_up_hands_the_request_to_the_station_above(db, network):
    request = file(network)
    pass_up(request, STAFF, "村里无法解决，请街道协调")
    assert request.station.code == "A1" and request.assignee.username == "clerk_a1"
    with pytest.raises(DomainError, match="说明"):
        pass_up(request, STAFF, "")


def test_passing_down_only_reaches_stations_below(db, network):
    request = file(network, code="A1")
    with pytest.raises(DomainError):
        pass_down(request, network.station("B1a"), STAFF, "请乙村处理")
    pass_down(request, network.station("A1b"), STAFF, "请乙村核实情况")
    assert request.station.code == "A1b"


def test_a_closed_request_stays_where_it_is(db, network):
    request = file(network)
    request.state = "closed"
    with pytest.raises(InvalidState):
        pass_up(request, STAFF, "上报街道")
    assert least_loaded_clerk(network.station("A1b")) is None  # no staff there in the test network


def test_a_request_is_held_only_by_someone_who_can_work_on_it_and_only_while_open(db, network):
    request = file(network)
    with pytest.raises(DomainError):
        assign_request(request, network.staff("broadcaster_a1a"), STAFF)  # cannot even open requests
    assign_request(request, network.staff("head_a1a"), STAFF)
    request.state = "closed"
    with pytest.raises(InvalidState):
        assign_request(request, network.staff("clerk_a1a"), STAFF)


def test_passing_up_an_overdue_request_starts_its_escalation_from_the_new_owner(db, network):
    request = file(network)
    request.escalation_level, request.warned_for = 1, request.due_on
    pass_up(request, STAFF, "村里无法解决，请街道协调")
    assert (request.escalation_level, request.escalated_until, request.warned_for) == (0, None, None)
