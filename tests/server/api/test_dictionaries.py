from models import db as _db
from server.operations.veterans.privacy import PRIVACY_NOTICE, PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES


def test_categories_say_which_need_service_dates(client):
    items = client.get("/api/v1/categories").get_json()["items"]
    by_name = {item["name"]: item for item in items}
    assert by_name["退役士兵"]["served"] is True
    assert any(item["served"] is False for item in items)  # family members: no service dates asked


def test_branches_are_the_ones_a_registration_accepts(client):
    assert client.get("/api/v1/branches").get_json() == {"items": list(BRANCHES)}


def test_stations_come_as_a_tree_down_to_the_villages(client, network):
    [city] = client.get("/api/v1/stations").get_json()["items"]
    assert (city["code"], city["level"], city["level_name"]) == ("C", "city", "市中心")
    county = next(c for c in city["children"] if c["code"] == "A")
    township = next(t for t in county["children"] if t["code"] == "A1")
    assert [v["code"] for v in township["children"]] == ["A1a", "A1b"]
    assert township["children"][0] == {
        "id": network.stations["A1a"],
        "code": "A1a",
        "name": "甲一甲村站",
        "level": "village",
        "level_name": "村社区站",
        "children": [],
    }


def test_inactive_stations_and_what_hangs_below_them_are_left_out(client, network):
    network.station("A2").active = False
    _db.session.commit()
    [city] = client.get("/api/v1/stations").get_json()["items"]
    county = next(c for c in city["children"] if c["code"] == "A")
    assert [t["code"] for t in county["children"]] == ["A1"]
    assert "A2a" not in client.get("/api/v1/stations").get_data(as_text=True)


def test_the_privacy_notice_and_its_version(client):
    assert client.get("/api/v1/privacy").get_json() == {"version": PRIVACY_VERSION, "text": PRIVACY_NOTICE}
