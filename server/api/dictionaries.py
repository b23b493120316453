"""Reference data the mini-program's forms need, open to everyone: categories, branches, stations,
the privacy notice."""

from collections import defaultdict

from flask import jsonify
from sqlalchemy import select

from models import Station, db
from server.api import bp
from server.operations.veterans.privacy import PRIVACY_NOTICE, PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES, active_categories


@bp.get("/categories")
def categories():
    items = [{"id": c.id, "name": c.name, "served": c.served} for c in active_categories()]
    return jsonify(items=items)


@bp.get("/branches")
def branches():
    return jsonify(items=list(BRANCHES))


@bp.get("/stations")
def stations():
    """The active network as a tree: city → county → township → village (registrations pick a village)."""
    active = db.session.execute(select(Station).filter_by(active=True).order_by(Station.code)).scalars()
    children = defaultdict(list)
    for station in active:
        children[station.parent_id].append(station)
    return jsonify(items=[_node(root, children) for root in children[None]])


def _node(station, children):
    # A station under an inactive parent is never reached: it is not offered either.
    return {
        "id": station.id,
        "code": station.code,
        "name": station.name,
        "level": station.level,
        "level_name": station.level_name,
        "children": [_node(child, children) for child in children[station.id]],
    }


@bp.get("/privacy")
def privacy():
    return jsonify(version=PRIVACY_VERSION, text=PRIVACY_NOTICE)
