"""Reference data the mini-program's forms need, open to everyone: categories, branches, stations,
the privacy notice."""

from collections import defaultdict

from flask import jsonify
from sqlalchemy import select

from models import Station, db
from server.api import bp
from server.api.dictionary_shapes import (
    BranchList,
    Category,
    CategoryList,
    PrivacyNotice,
    StationNode,
    StationTree,
)
from server.operations.veterans.privacy import PRIVACY_NOTICE, PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES, active_categories


@bp.get("/categories")
def categories():
    return jsonify(CategoryList(items=[Category.model_validate(c) for c in active_categories()]).model_dump())


@bp.get("/branches")
def branches():
    return jsonify(BranchList(items=list(BRANCHES)).model_dump())


@bp.get("/stations")
def stations():
    """The active network as a tree: city → county → township → village (registrations pick a village)."""
    active = db.session.execute(select(Station).filter_by(active=True).order_by(Station.code)).scalars()
    children = defaultdict(list)
    for station in active:
        children[station.parent_id].append(station)
    # A station under an inactive parent is never reached: it is not offered either.
    return jsonify(
        StationTree(items=[StationNode.of(root, children) for root in children[None]]).model_dump()
    )


@bp.get("/privacy")
def privacy():
    return jsonify(PrivacyNotice(version=PRIVACY_VERSION, text=PRIVACY_NOTICE).model_dump())
