"""A small service network and staff in every role, built through the real operations."""

import re
from dataclasses import dataclass, field

import pytest

from models import Staff, Station, db
from models.staff import ROLES
from server.operations.core.audit import Actor
from server.operations.network.staff import create_staff
from server.operations.network.stations import import_stations, station_by_code, update_station
from tests.support.databases import copy_rows, empty_database, filled_tables, rows_of

PASSWORD = "test1234pw"
# code, name, level, parent
TREE = [
    ("C", "示范市中心", "city", ""),
    ("A", "甲区中心", "county", "C"),
    ("B", "乙区中心", "county", "C"),
    ("A1", "甲一街道站", "township", "A"),
    ("A2", "甲二街道站", "township", "A"),
    ("B1", "乙一街道站", "township", "B"),
    ("A1a", "甲一甲村站", "village", "A1"),
    ("A1b", "甲一乙村站", "village", "A1"),
    ("A2a", "甲二甲村站", "village", "A2"),
    ("B1a", "乙一甲村站", "village", "B1"),
]


@dataclass
class Network:
    stations: dict = field(default_factory=dict)  # code -> Station id

    def station(self, code):
        return db.session.get(Station, self.stations[code])

    def staff(self, username):
        return db.session.execute(db.select(Staff).filter_by(username=username)).scalar_one()


def build_network():
    header = ["code", "name", "level", "parent_code", "address", "phone"]
    rows = [
        (
            n,
            {
                "code": c,
                "name": name,
                "level": lvl,
                "parent_code": p,
                "address": f"{name}地址",
                "phone": "0571-88000000",
            },
        )
        for n, (c, name, lvl, p) in enumerate(TREE, start=2)
    ]
    actor = Actor.system("test")
    import_stations(header, rows, actor)
    network = Network({code: station_by_code(code).id for code, *_ in TREE})
    for code in ("A1a", "A1", "A"):
        update_station(station_by_code(code), {"hours": "08:30-12:00,14:00-17:30"}, actor)
    for code in ("C", "A", "A1", "A1a", "B", "B1", "B1a", "A2"):
        for role in ROLES:
            staff = create_staff(
                username_for(role, code), f"{role}@{code}", station_by_code(code), role, PASSWORD, actor
            )
            staff.must_change_password = False
    db.session.commit()
    return network


def username_for(role, code):
    return f"{role}_{code}".lower()


def login(client, username, password=PASSWORD):
    """Log in through the real form (CSRF token and all); returns the response."""
    page = client.get("/console/login")
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token}
    )


def csrf_token(html):
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture(scope="session")
def built_network(app):
    """The network built once per session through the real operations; its rows, to copy."""
    with app.app_context():
        network = build_network()
        rows = rows_of(filled_tables())
    empty_database(app)
    return network, rows


@pytest.fixture
def network(app_ctx, built_network):
    """The network for this test: a copy of the rows `build_network` made (ids and all)."""
    network, rows = built_network
    copy_rows(rows)
    return Network(dict(network.stations))
