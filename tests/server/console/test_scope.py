"""Every console route, every role, against a sibling's and a parent's objects: 403 or 404, never data.

The routes come from the app's URL map, so a route added later is tried too; a route whose URL takes
an argument this table does not know fails the test until the table learns it.
"""

from datetime import date

import pytest
from werkzeug.routing import AnyConverter

from models.staff import ROLES
from server.operations.attachments import upload_attachment
from server.operations.audit import Actor
from server.operations.canned_answers import save_canned_answer
from server.operations.registrations import start_registration, submit_registration, update_registration
from server.operations.request_replies import reply_to_request
from server.operations.requests import Person, file_request
from server.operations.stations import add_closure
from tests.support.network import login, username_for
from tests.support.requests import category
from tests.support.veterans import values

VIEWER_STATION = "A1"
FOREIGN = {"sibling": "A2", "parent": "A"}


def console_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("console.") and r.arguments]


PNG = (  # a 1x1 picture, for an attachment
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
# Veterans live in villages: for each foreign station, one outside the viewer's subtree, and their name.
VETERAN_OF = {"A2": ("A2a", "外人甲二"), "A": ("B1a", "外人乙一")}


def _objects(network, code, serial):
    station = network.station(code)
    closure = add_closure(station, date(2030, 1, 1), date(2030, 1, 2), "测试闭站", Actor.system("test"))
    veteran = start_registration("walkin")
    village, name = VETERAN_OF[code]
    update_registration(veteran, values(network.station(village).id, serial=serial, name=name))
    submit_registration(veteran)
    request = file_request(
        Person(name=name), category("困难帮扶"), f"{name}的诉求内容", "phone", Actor.system("test"),
        title=f"{name}的诉求", station=station,
    )  # fmt: skip
    attachment = upload_attachment(request, "image", PNG, Actor.system("test"))
    reply = reply_to_request(request, "您好，已收到您的诉求。", Actor.system("test"))
    answer_values = {"title": f"{name}答复", "body": "您好，已收到。"}
    answer = save_canned_answer(None, answer_values, station, Actor.system("test"))
    return {
        "station_id": station.id,
        "staff_id": network.staff(username_for("clerk", code)).id,
        "closure_id": closure.id,
        "veteran_id": veteran.id,
        "category_id": 1,  # network-wide reference data: no one below the top may change it
        "request_id": request.id,
        "attachment_id": attachment.id,
        "event_id": reply.id,
        "answer_id": answer.id,  # a parent's answer is read in the library, but changed by none below
        "_names": [station.name, f">{username_for('clerk', code)}<", name, request.number],
    }


def _urls(app, rule, ids):
    """Every concrete URL of `rule`: ids for object arguments, each choice for `any(...)` arguments."""
    choices = [{}]
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices = [dict(c, **{name: v}) for c in choices for v in converter.items]
        elif name in ids:
            choices = [dict(c, **{name: ids[name]}) for c in choices]
        else:
            pytest.fail(f"{rule.endpoint}: no foreign object for URL argument {name!r}; add it to _objects")
    with app.test_request_context():
        from flask import url_for

        return [url_for(rule.endpoint, **c) for c in choices]


@pytest.fixture
def foreign(network, db):
    objects = {
        kind: _objects(network, code, serial) for serial, (kind, code) in enumerate(FOREIGN.items(), 1)
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
            for url in _urls(app, rule, ids):
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
