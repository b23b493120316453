"""Every console route, every role, against a sibling's and a parent's objects: 403 or 404, never data.

The routes come from the app's URL map, so a route added later is tried too; a route whose URL takes
an argument this table does not know fails the test until the table learns it.
"""

import pytest

from models.staff import ROLES
from tests.support.console_routes import console_rules, objects_at, urls_of
from tests.support.network import login, username_for

VIEWER_STATION = "A1"
FOREIGN = {"sibling": "A2", "parent": "A"}


@pytest.fixture
def foreign(network, db):
    objects = {
        kind: objects_at(network, code, serial) for serial, (kind, code) in enumerate(FOREIGN.items(), 1)
    }
    db.session.commit()
    return objects


@pytest.mark.parametrize("role", ROLES)
def test_no_route_shows_or_changes_a_sibling_or_parent_object(app, client, network, foreign, role):
    assert login(client, username_for(role, VIEWER_STATION)).status_code == 302
    token = _token(client)
    checked = 0
    for rule in console_rules(app):
        for kind, ids in foreign.items():
            for url in urls_of(app, rule, ids):
                for method in rule.methods - {"HEAD", "OPTIONS"}:
                    response = client.open(url, method=method, data={"csrf_token": token})
                    body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
                    assert response.status_code in (403, 404), (
                        f"{role} {method} {url} ({kind}): {response.status_code}"
                    )
                    assert not any(name in body for name in ids["_names"]), (
                        f"{role} {method} {url} shows {kind}"
                    )
                    checked += 1
    assert checked >= 20


LISTS = [
    "/console/",
    "/console/stations",
    "/console/stations?level=township",
    "/console/staff",
    "/console/audit",
    "/console/registrations",
    "/console/veterans?state=submitted",
    "/console/requests?view=all",
    "/console/requests?view=all&q=外人",
    "/console/requests/new?find=外人",
    "/console/notices",
    "/console/me",
    "/console/dashboard",
    "/console/dashboard/export?chart=stations&format=csv",
    "/console/policies",
]


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_counts_hold_only_the_subtree(client, network, foreign, role):
    login(client, username_for(role, VIEWER_STATION))
    for url in LISTS:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 403), url
        for objects in foreign.values():
            assert not any(name in body for name in objects["_names"]), f"{role} sees a foreign name on {url}"


def test_home_counts_are_the_subtrees(client, network):
    login(client, username_for("clerk", VIEWER_STATION))
    body = client.get("/console/").get_data(as_text=True)
    # A1 and its two villages; staff: five roles at A1 and at A1a.
    assert '<span class="number">3</span><span class="label">服务站点' in body
    assert '<span class="number">10</span><span class="label">在岗人员' in body


def _token(client):
    from tests.support.network import csrf_token

    return csrf_token(client.get("/console/").get_data(as_text=True))
