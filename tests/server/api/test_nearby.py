import pytest

from models import db
from server.operations.core.audit import Actor
from server.operations.network.stations import create_station, distance_metres, update_station
from tests.server.api.support import error_of

ACTOR = Actor.system("test")
WEST_LAKE = (30.2590, 120.1388)


@pytest.fixture
def located(network):
    """Villages a few hundred metres to a few kilometres north of the lake; a township right on it."""
    for n, code in enumerate(("A1a", "A1b", "A2a", "B1a")):
        update_station(
            network.station(code),
            {"latitude": WEST_LAKE[0] + 0.01 * (n + 1), "longitude": WEST_LAKE[1]},
            ACTOR,
        )
    update_station(network.station("A1"), {"latitude": WEST_LAKE[0], "longitude": WEST_LAKE[1]}, ACTOR)
    for n in range(3):
        create_station(
            network.station("B1"), f"B1x{n}", f"乙一新村{n}", ACTOR, latitude=31.0 + n, longitude=121.0
        )
    create_station(network.station("B1"), "B1y", "未标注村", ACTOR)
    db.session.commit()
    return network


def test_the_five_nearest_villages_come_nearest_first_with_distances(client, located):
    response = client.get("/api/v1/stations/nearest", query_string={"lat": WEST_LAKE[0], "lng": WEST_LAKE[1]})
    items = response.get_json()["items"]
    assert [i["code"] for i in items] == ["A1a", "A1b", "A2a", "B1a", "B1x0"]
    assert 1100 <= items[0]["distance_m"] <= 1120  # 0.01° of latitude is about 1.11 km
    assert items[0]["name"] == "甲一甲村站" and items[0]["hours"] == "08:30-12:00,14:00-17:30"


def test_no_station_has_coordinates_yet(client, network):
    response = client.get("/api/v1/stations/nearest?lat=30&lng=120")
    assert response.status_code == 200 and response.get_json() == {"items": []}


@pytest.mark.parametrize(
    "query, bad",
    [
        ("lat=91&lng=120", {"lat"}),
        ("lat=30&lng=-180.5", {"lng"}),
        ("lat=abc&lng=120", {"lat"}),
        ("lat=nan&lng=inf", {"lat", "lng"}),
        ("lat=30", {"lng"}),
        ("", {"lat", "lng"}),
    ],
)
def test_coordinates_out_of_range_are_named(client, query, bad):
    response = client.get(f"/api/v1/stations/nearest?{query}")
    assert response.status_code == 400 and set(error_of(response)["fields"]) == bad


def test_distances_are_great_circle_metres():
    assert distance_metres(0, 0, 0, 0) == 0
    assert (
        round(distance_metres(39.9042, 116.4074, 31.2304, 121.4737) / 1000) == 1067
    )  # Beijing–Shanghai, on a 6371 km sphere
