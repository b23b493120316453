"""Closing a station for days (闭站): the closure on the working calendar, and every booking of those
days cancelled with the reason, each person told and offered other times. Every caller closing a
station goes through here, so nobody is left booked on a day the station is shut."""

from server.operations.appointments.desk import cancel_for_closure
from server.operations.network.stations import add_closure


def close_station_days(station, starts_on, ends_on, reason, actor):
    """(the StationClosure, the bookings cancelled)."""
    closure = add_closure(station, starts_on, ends_on, (reason or "").strip(), actor)
    cancelled = cancel_for_closure(station, starts_on, ends_on, closure.reason, actor)
    return closure, cancelled
