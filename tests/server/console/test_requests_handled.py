"""Staff keep sight of what they passed up: whoever worked on a request reads it after it has left
their scope (not the actions), and the queue's 我经办的 tab lists it with its state and station now."""

import pytest

from models import ServiceRequest
from tests.server.console.test_request_actions import body_of, page_url, post
from tests.support.network import login
from tests.support.requests import file


@pytest.fixture
def passed_up(client, network, db):
    """A request clerk_a1a noted and then passed up to 甲一街道站 (signed in as clerk_a1a)."""
    request = file(network, openid="oHand1", content="家里老人生病，需要帮扶")
    db.session.commit()
    login(client, "clerk_a1a")
    assert post(client, request.id, "note", body="已上门了解情况").status_code == 302
    assert post(client, request.id, "pass-up", note="涉及多个村，请街道协调").status_code == 302
    return request.id


def test_the_clerk_reads_what_they_passed_up_but_cannot_act_on_it(client, passed_up, db):
    response = client.get(page_url(passed_up))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "现由甲一街道站办理" in body and "涉及多个村，请街道协调" in body and "已上门了解情况" in body
    assert f'action="{page_url(passed_up)}/' not in body  # no form of any action
    assert client.get(f"{page_url(passed_up)}/print").status_code == 200
    for action, data in (("reply", {"body": "您好"}), ("note", {"body": "再看看"}), ("move/start", {})):
        assert post(client, passed_up, action, **data).status_code == 404, action
    assert db.session.get(ServiceRequest, passed_up).station.code == "A1"


def test_the_handled_tab_shows_where_the_request_is_now(app, client, passed_up, network, db):
    head = app.test_client()
    login(head, "head_a1")
    assert post(head, passed_up, "move/start").status_code == 302
    queue = client.get("/console/requests?view=handled").get_data(as_text=True)
    assert "我经办的" in queue
    row = queue[queue.index(db.session.get(ServiceRequest, passed_up).number) :]
    assert "甲一街道站" in row[:1000] and "处理中" in row[:1000]
    assert db.session.get(ServiceRequest, passed_up).number not in client.get(
        "/console/requests?view=all"
    ).get_data(as_text=True)


def test_someone_who_never_worked_on_it_still_gets_404(app, passed_up):
    other = app.test_client()
    login(other, "head_a1a")  # the same village, but never touched it
    assert other.get(page_url(passed_up)).status_code == 404
    assert other.get(f"{page_url(passed_up)}/print").status_code == 404
    listed = other.get("/console/requests?view=handled").get_data(as_text=True)
    assert "没有符合条件的诉求" in listed


def test_a_role_that_does_not_handle_requests_cannot_read_them(app, passed_up, network, db):
    clerk = network.staff("clerk_a1a")
    clerk.role = "broadcaster"
    db.session.commit()
    other = app.test_client()
    login(other, "clerk_a1a")
    assert other.get(page_url(passed_up)).status_code == 403


def test_the_page_in_scope_keeps_its_actions(app, passed_up):
    head = app.test_client()
    login(head, "head_a1")
    assert "发送答复" in body_of(head, passed_up)
