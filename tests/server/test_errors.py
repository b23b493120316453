"""Numbers too large for the database are a 4xx, never a 500, wherever they come in."""

import pytest

from tests.support.network import login

HUGE = "9" * 25


@pytest.mark.parametrize(
    "path, status",
    [
        (f"/console/registrations/{HUGE}", 404),
        (f"/console/stations/{HUGE}/poster.png", 404),
        (f"/console/veterans?page={HUGE}", 400),
        (f"/console/veterans?category_id={HUGE}", 400),
        (f"/console/registrations?page={HUGE}", 400),
    ],
)
def test_a_number_too_large_for_the_database_is_a_4xx(client, network, path, status):
    login(client, "admin_c")
    response = client.get(path)
    assert response.status_code == status
    assert "参数超出范围" in response.get_data(as_text=True) or status == 404
