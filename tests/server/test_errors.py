"""Error answers: numbers too large for the database are a 4xx, an unreachable database a 503 that says
to try again; never a 500."""

import pytest

from server import create_app
from tests.support.network import csrf_token, login

HUGE = "9" * 25


@pytest.mark.parametrize(
    "path, status",
    [
        (f"/console/registrations/{HUGE}", 404),
        (f"/console/stations/{HUGE}/poster.png", 404),
        (f"/console/veterans?page={HUGE}", 400),
        (f"/console/registrations?page={HUGE}", 400),
    ],
)
def test_a_number_too_large_for_the_database_is_a_4xx(client, network, path, status):
    login(client, "admin_c")
    response = client.get(path)
    assert response.status_code == status
    assert "数值超出范围" in response.get_data(as_text=True) or status != 400


def test_a_category_id_too_large_to_be_ours_filters_nothing(client, network):
    login(client, "admin_c")
    response = client.get(f"/console/veterans?category_id={HUGE}")
    assert response.status_code == 200 and "数值超出范围" not in response.get_data(as_text=True)


def test_a_nul_in_a_query_string_is_a_4xx_where_the_database_refuses_it(client, network, db):
    login(client, "admin_c")
    response = client.get("/console/veterans?name=%00")
    if db.engine.dialect.name == "postgresql":  # PostgreSQL refuses text with a NUL
        assert response.status_code == 400 and "不允许的字符" in response.get_data(as_text=True)
    else:  # SQLite takes it, and no name holds one
        assert response.status_code == 200


def test_a_date_no_calendar_needs_is_refused_by_the_dashboard(client, network):
    login(client, "supervisor_a")
    response = client.get("/console/dashboard?start=0001-01-01&end=0001-01-07")
    assert response.status_code == 400 and "2000年至2100年" in response.get_data(as_text=True)


@pytest.fixture
def app_without_database(settings):
    """The app with its database unreachable (a closed port): PostgreSQL restarting, or gone."""
    unreachable = settings.replace(database_url="postgresql+psycopg://postgres@127.0.0.1:9/veterans")
    return create_app(unreachable)


def test_an_unreachable_database_is_a_503_that_says_to_try_again(app_without_database):
    client = app_without_database.test_client()
    api = client.get("/api/v1/policies?q=优待证")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "database_unavailable"
    assert "稍后再试" in api.get_json()["error"]["message"]
    page = client.get("/policies/")
    assert page.status_code == 503 and "稍后再试" in page.get_data(as_text=True)
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    form = {"username": "clerk", "password": "demo1234", "csrf_token": token}
    login = client.post("/console/login", data=form)
    assert login.status_code == 503 and "稍后再试" in login.get_data(as_text=True)
