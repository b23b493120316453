"""People and pushes for the push tests, made through the real operations."""

from server.operations.core.audit import Actor
from server.operations.messaging.followers import follow
from server.operations.pushes.pushes import compose_push
from server.operations.veterans.registrations import (
    approve_registration,
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import username_for
from tests.support.veterans import values


def registered(
    network, village, serial, openid=None, miniapp_openid=None, category_id=1, following=True, approved=True
):
    """A submitted (and `approved`) registration at `village`; with `openid` and `following`, a
    follower too."""
    source = "miniapp" if miniapp_openid and not openid else "chat"
    veteran = start_registration(source, openid=openid, miniapp_openid=miniapp_openid)
    update_registration(veteran, values(network.station(village).id, serial=serial, category_id=category_id))
    submit_registration(veteran)
    if approved:
        approve_registration(veteran, Actor.system("test"), quietly=True)
    if openid and following:
        follow(openid)
    return veteran


def follower(network, openid, code=None):
    """A follower who never registered, linked to station `code` (by a station's QR code) or none."""
    person = follow(openid)
    person.station_id = network.station(code).id if code else None
    return person


def push_for(network, role="broadcaster", code="C", token="t1", submit=True, **values):
    """A push composed by `role` at station `code` (a text to everyone unless told otherwise)."""
    composer = network.staff(username_for(role, code))
    values = {"text": "政策通知：优待证申领开始", "all": code == "C"} | values
    return compose_push(values, composer, token, submit=submit)
