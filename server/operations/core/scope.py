"""A staff member sees and changes only their station's subtree. Every listing goes through here."""

from sqlalchemy import select

from models import Station
from server.operations.core import texts
from server.operations.core.errors import NotFound


def subtree(station):
    """The ids of `station` and every station below it, as a subquery."""
    return select(Station.id).where(Station.path.startswith(station.path))


def in_scope(model, staff):
    """A WHERE clause limiting `model` rows to what `staff` may see."""
    if model is Station:
        return Station.path.startswith(staff.station.path)
    station_id = getattr(model, "scope_station_id", None) or model.station_id
    return station_id.in_(subtree(staff.station))


def scoped(statement, model, staff):
    """`statement` (a select of `model`) limited to `staff`'s subtree."""
    return statement.where(in_scope(model, staff))


def get_scoped(session, model, ident, staff):
    """The `model` row `ident` if `staff` may see it; otherwise NotFound, never a hint it exists."""
    row = session.execute(scoped(select(model).where(model.id == ident), model, staff)).scalar_one_or_none()
    if row is None:
        raise NotFound(texts.NOT_IN_SCOPE)
    return row


def station_in_scope(station, staff):
    return station is not None and station.path.startswith(staff.station.path)
