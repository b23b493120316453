"""The registry (台账) and its export: a station in the query string never widens the user's scope."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEntry
from server.operations.core.audit import Actor
from server.operations.veterans.registrations import (
    approve_registration,
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import login
from tests.support.veterans import values

NAMES = {"A1a": "甲一甲村人", "A1b": "甲一乙村人", "A2a": "甲二甲村人", "B1a": "乙一甲村人"}
# who, a station code in the query string, whose people they may see through it
CASES = [
    ("clerk_a1a", "A1b", []),  # the sibling village
    ("clerk_a1a", "A1", ["A1a"]),  # the parent: only the user's own part of it
    ("clerk_a1a", "C", ["A1a"]),
    ("clerk_a1a", "A1a", ["A1a"]),
    ("head_a1", "A2", []),  # the sibling township
    ("head_a1", "A2a", []),  # and its village
    ("head_a1", "B1a", []),  # a village of the other county
    ("head_a1", "A", ["A1a", "A1b"]),
    ("head_a1", "A1b", ["A1b"]),
]


@pytest.fixture
def registry(network, db):
    """One approved veteran in each village."""
    for serial, (code, name) in enumerate(NAMES.items(), start=1):
        veteran = start_registration("walkin")
        update_registration(veteran, values(network.station(code).id, serial=serial, name=name))
        submit_registration(veteran)
        approve_registration(veteran, Actor.system("test"), quietly=True)
    db.session.commit()


def _shown(body):
    return sorted(code for code, name in NAMES.items() if name in body)


@pytest.mark.parametrize(("username", "code", "visible"), CASES)
def test_the_registry_filtered_by_a_station_shows_only_the_users_subtree(
    client, network, registry, username, code, visible
):
    login(client, username)
    response = client.get("/console/veterans", query_string={"station": code})
    assert response.status_code == 200 and _shown(response.get_data(as_text=True)) == visible


@pytest.mark.parametrize(("username", "code", "visible"), CASES)
def test_the_export_filtered_by_a_station_holds_only_the_users_subtree(
    client, network, registry, db, username, code, visible
):
    login(client, username)
    response = client.get("/console/veterans/export.xlsx", query_string={"station": code, "unmasked": "1"})
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(min_row=2, values_only=True))
    assert response.status_code == 200 and _shown(" ".join(str(row[0]) for row in rows)) == visible
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veterans.export")).one()
    assert entry.detail["rows"] == len(visible) and entry.station_id == network.staff(username).station_id


def test_the_export_links_carry_the_filter_the_list_shows(client, registry):
    login(client, "head_a1")
    html = client.get("/console/veterans?station=A1b&name=甲").get_data(as_text=True)
    link = next(part for part in html.split('href="')[1:] if part.startswith("/console/veterans/export.xlsx"))
    assert "station=A1b" in link and "name=" in link
