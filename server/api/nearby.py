"""The village stations nearest to a point (the mini-program's "find my station")."""

from flask import jsonify

from server.api import bp
from server.api.dictionary_shapes import RANGES, NearbyStation, NearbyStationList, NearestQuery
from server.api.texts import COORDINATE_INVALID, COORDINATE_REQUIRED, LABELS
from server.api.validation import parsed_query
from server.operations.network.stations import nearest_villages

NEAREST_COUNT = 5


@bp.get("/stations/nearest")
def nearest_stations():
    point = parsed_query(NearestQuery, _wrong_coordinate)
    near = nearest_villages(point.lat, point.lng, NEAREST_COUNT)
    items = [NearbyStation.of(station, metres) for station, metres in near]
    return jsonify(NearbyStationList(items=items).model_dump())


def _wrong_coordinate(name, given):
    low, high = RANGES[name]
    template = COORDINATE_INVALID if given else COORDINATE_REQUIRED
    return template.format(label=LABELS[name], low=low, high=high)
