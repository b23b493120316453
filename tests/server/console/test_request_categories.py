import pytest
from sqlalchemy import select

from models import RequestCategory
from tests.support.network import csrf_token, login
from tests.support.requests import file

URL = "/console/request-categories"


def form(token, **values):
    base = {"csrf_token": token, "name": "退役安置", "track": "service", "first_response_days": "2",
            "resolution_days": "20", "route_level": "township", "active": "y"}  # fmt: skip
    return base | values


def test_an_admin_adds_a_category_that_new_requests_follow(client, network, db, reference_tables):
    login(client, "admin_c")
    token = csrf_token(client.get(URL).get_data(as_text=True))
    assert client.post(URL, data=form(token)).status_code == 302
    category = db.session.scalars(select(RequestCategory).filter_by(name="退役安置")).one()
    assert (category.track, category.resolution_days, category.route_level) == ("service", 20, "township")
    request = file(network, name="退役安置")
    assert request.station.code == "A1"  # routed to the township above the village


def test_bad_deadlines_are_refused_with_the_reason_and_what_was_typed_stays(client, network, db):
    login(client, "admin_c")
    token = csrf_token(client.get(URL).get_data(as_text=True))
    page = client.post(URL, data=form(token, resolution_days="0", track="bogus")).get_data(as_text=True)
    assert "请选择办理程序" in page and 'value="退役安置"' in page
    page = client.post(URL, data=form(token, resolution_days="0")).get_data(as_text=True)
    assert "办结时限请填1-90个工作日" in page
    assert db.session.scalars(select(RequestCategory).filter_by(name="退役安置")).first() is None


def test_an_existing_category_is_edited_in_place(client, network, db, reference_tables):
    login(client, "admin_c")
    advice = db.session.scalars(select(RequestCategory).filter_by(name="政策咨询")).one()
    url = f"{URL}/{advice.id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    client.post(url, data=form(token, name="政策咨询", resolution_days="7", route_level=""))
    db.session.refresh(advice)
    assert (advice.resolution_days, advice.route_level) == (7, None)


@pytest.mark.parametrize("username", ["head_a1", "admin_a"])  # a county's admin too: they are network-wide
def test_only_the_networks_admins_may(client, network, username):
    login(client, username)
    assert client.get(URL).status_code == 403


def test_a_number_that_is_not_one_gets_a_chinese_message(client, network):
    login(client, "admin_c")
    token = csrf_token(client.get(URL).get_data(as_text=True))
    page = client.post(URL, data=form(token, first_response_days="两天")).get_data(as_text=True)
    assert "不是有效的整数" in page and "Not a valid" not in page
