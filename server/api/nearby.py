"""The village stations nearest to a point (the mini-program's "find my station")."""

from flask import jsonify, request

from server.api import bp
from server.api.errors import ApiError
from server.api.texts import COORDINATE_INVALID, COORDINATE_REQUIRED, LABELS
from server.operations.network.stations import nearest_villages

NEAREST_COUNT = 5
RANGES = {"lat": (-90, 90), "lng": (-180, 180)}


@bp.get("/stations/nearest")
def nearest_stations():
    lat, lng = _coordinates()
    near = nearest_villages(lat, lng, NEAREST_COUNT)
    return jsonify(items=[_item(station, metres) for station, metres in near])


def _coordinates():
    values, errors = {}, {}
    for name, (low, high) in RANGES.items():
        raw = request.args.get(name, "").strip()
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:  # also refuses nan and inf
            template = COORDINATE_INVALID if raw else COORDINATE_REQUIRED
            errors[name] = template.format(label=LABELS[name], low=low, high=high)
        values[name] = value
    if errors:
        raise ApiError(400, next(iter(errors.values())), fields=errors)
    return values["lat"], values["lng"]


def _item(station, metres):
    return {
        "id": station.id,
        "code": station.code,
        "name": station.name,
        "address": station.address,
        "phone": station.phone,
        "hours": station.hours,
        "latitude": station.latitude,
        "longitude": station.longitude,
        "distance_m": metres,
    }
