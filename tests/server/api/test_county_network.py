"""A county bureau runs its own account: its network (county → township → village) is imported with
the command, requests filed in the mini-program route within it, 信访 and anything routed above the
county go to the county itself, and the dashboard's daily tally counts them at every level."""

import pytest
from sqlalchemy import select

from models import RequestCategory, Station
from models.request_tally import rebuild_tallies
from server.operations.veterans.privacy import PRIVACY_VERSION
from tests.server.api.support import form
from tests.server.api.test_requests import filed, stored
from tests.support.request_stats import tally_rows

COUNTY_CSV = (
    "code,name,level,parent_code,address,phone\n"
    "330122,桐庐县退役军人服务中心,county,,桐庐县迎春南路1号,0571-64200000\n"
    "330122001,城南街道退役军人服务站,township,330122,,\n"
    "330122001001,城南村退役军人服务站,village,330122001,,\n"
)


@pytest.fixture
def county(app, tmp_path, db):
    table = tmp_path / "stations.csv"
    table.write_text(COUNTY_CSV, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["stations", "import", str(table)])
    assert result.exit_code == 0, result.output
    assert "created 3" in result.output
    return {s.code: s for s in db.session.scalars(select(Station))}


@pytest.fixture
def villager(client, login, county):
    headers = login()
    body = {"consent_version": PRIVACY_VERSION, **form(county["330122001001"].id)}
    assert client.put("/api/v1/profile", json=body, headers=headers).status_code == 201
    return headers


def test_a_county_rooted_network_is_imported_with_the_county_at_the_top(county):
    top = county["330122"]
    assert top.parent_id is None and county["330122001001"].path.startswith(top.path)


def test_a_village_without_a_parent_is_refused(app, tmp_path, db):
    table = tmp_path / "stations.csv"
    table.write_text("code,name,level,parent_code,address,phone\nV1,某村,village,,,\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["stations", "import", str(table)])
    assert result.exit_code != 0 and "村社区站必须填写上级编码" in result.output


def test_a_petition_goes_to_the_county(client, villager, db):
    petition = stored(db, filed(client, villager, db, "信访/投诉")["number"])
    assert petition.station.code == "330122"


@pytest.fixture
def routed_to_the_city(db):
    """困难帮扶 routed to the city, as a city network could have it; the reference table as found after."""
    category = db.session.execute(select(RequestCategory).filter_by(name="困难帮扶")).scalar_one()
    category.route_level = "city"
    db.session.commit()
    yield category
    db.session.rollback()
    category.route_level = None
    db.session.commit()


def test_routing_to_a_level_above_the_top_goes_to_the_top(client, villager, db, routed_to_the_city):
    request = stored(db, filed(client, villager, db, "困难帮扶")["number"])
    assert request.station.code == "330122"


def test_the_daily_tally_counts_at_every_level_and_rebuilds_the_same(client, villager, db, county):
    filed(client, villager, db, "困难帮扶")
    filed(client, villager, db, "信访/投诉")
    kept = tally_rows()
    filed_at = {code: sum(row[2] for row in kept if row[0] == code) for code in county}
    assert filed_at == {"330122": 2, "330122001": 1, "330122001001": 1}
    rebuild_tallies(db.session)
    assert tally_rows() == kept
