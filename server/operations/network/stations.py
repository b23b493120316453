"""The service network: import and edit stations, their hours, closures and QR codes."""

import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from models import Station, StationClosure, db
from models.request_tally import rebuild_tallies
from models.station import LEVEL_NAMES, LEVELS
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.network import texts

CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
PHONE = re.compile(r"^[0-9+\-() ]{5,32}$")
HOURS = re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$")
IMPORT_COLUMNS = ("code", "name", "level", "parent_code", "address", "phone")


class ImportRefused(DomainError):
    """A file with bad rows: nothing was imported. `errors` is [(line, message)]."""

    def __init__(self, errors):
        super().__init__(texts.IMPORT_REFUSED.format(count=len(errors)), errors=errors)
        self.errors = errors


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0


def station_by_code(code):
    return db.session.execute(select(Station).filter_by(code=code)).scalar_one_or_none()


def import_stations(header, rows, actor, within=None):
    """Create or update stations from table rows, all or nothing; parents may follow children.

    `within` (a station) limits the file to that subtree: the console passes the user's station.
    """
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise ImportRefused([(1, texts.MISSING_COLUMNS.format(columns=", ".join(missing)))])
    existing = {s.code: s for s in db.session.execute(select(Station)).scalars()}
    errors = _row_errors(rows, existing)
    if within is not None and not errors:
        errors = _scope_errors(rows, existing, within)
    if errors:
        raise ImportRefused(errors)
    report = ImportReport()
    for _line, row in sorted(rows, key=lambda r: LEVELS.index(r[1]["level"])):
        _upsert(row, existing, report)
    _refresh_paths()
    audit.record(
        actor,
        "stations.import",
        created=len(report.created),
        updated=len(report.updated),
        unchanged=report.unchanged,
    )
    return report


def _row_errors(rows, existing):
    errors, seen = [], {}
    levels = {code: s.level for code, s in existing.items()}
    levels.update({row["code"]: row["level"] for _line, row in rows})
    for line, row in rows:
        for message in _problems(row, levels):
            errors.append((line, message))
        if row["code"] in seen:
            errors.append((line, texts.DUPLICATE_CODE.format(code=row["code"], line=seen[row["code"]])))
        seen.setdefault(row["code"], line)
    return errors


def _scope_errors(rows, existing, within):
    """Rows that would create or change a station outside `within`'s subtree."""
    parents = {row["code"]: row["parent_code"] for _line, row in rows}

    def inside(code):
        while code not in existing and code in parents:  # climb the file until a known station
            code = parents[code]
        return code in existing and existing[code].path.startswith(within.path)

    errors = []
    for line, row in rows:
        current = existing.get(row["code"])
        moved = current is not None and (current.parent.code if current.parent else "") != row["parent_code"]
        if not inside(row["code"]) or (moved and not inside(row["parent_code"])):
            errors.append((line, texts.OUTSIDE_SCOPE.format(code=row["code"])))
    return errors


def _problems(row, levels):
    problems = []
    if not CODE.match(row["code"]):
        problems.append(texts.CODE_INVALID)
    if not row["name"] or len(row["name"]) > 100:
        problems.append(texts.STATION_NAME_INVALID)
    if row["level"] not in LEVELS:
        return problems + [texts.LEVEL_NOT_ONE_OF.format(levels="/".join(LEVELS), level=row["level"])]
    problems += _parent_problems(row, levels)
    if row["phone"] and not PHONE.match(row["phone"]):
        problems.append(texts.PHONE_INVALID)
    if len(row["address"]) > 255:
        problems.append(texts.ADDRESS_TOO_LONG)
    return problems


def _parent_problems(row, levels):
    depth, level = LEVELS.index(row["level"]), LEVEL_NAMES[row["level"]]
    if not row["parent_code"]:  # the top of a network: a city, or a county (or township) run on its own
        return [texts.PARENT_REQUIRED.format(level=level)] if depth == len(LEVELS) - 1 else []
    if depth == 0:
        return [texts.CITY_HAS_PARENT]
    parent_level = levels.get(row["parent_code"])
    if parent_level is None:
        return [texts.PARENT_UNKNOWN.format(code=row["parent_code"])]
    if parent_level != LEVELS[depth - 1]:
        return [texts.PARENT_WRONG_LEVEL.format(level=level, parent_level=LEVEL_NAMES[LEVELS[depth - 1]])]
    return []


def _upsert(row, existing, report):
    values = {
        "name": row["name"],
        "level": row["level"],
        "address": row["address"] or None,
        "phone": row["phone"] or None,
    }
    parent = existing.get(row["parent_code"]) if row["parent_code"] else None
    station = existing.get(row["code"])
    if station is None:
        station = Station(code=row["code"], parent=parent, **values)
        db.session.add(station)
        existing[row["code"]] = station
        report.created.append(row["code"])
        return
    changed = {k: v for k, v in values.items() if getattr(station, k) != v}
    if station.parent is not parent:
        changed["parent"] = parent
    for key, value in changed.items():
        setattr(station, key, value)
    if changed:
        report.updated.append(row["code"])
    else:
        report.unchanged += 1


def _refresh_paths():
    """Recompute every materialized path from the parent links (cheap: stations are thousands), and
    the daily tally if a station moved."""
    db.session.flush()
    stations = db.session.execute(select(Station)).scalars().all()
    by_parent = {}
    for station in stations:
        by_parent.setdefault(station.parent_id, []).append(station)
    stack, moved = [(s, f"/{s.id}/") for s in by_parent.get(None, [])], False
    while stack:
        station, path = stack.pop()
        if station.path != path:
            moved = moved or bool(station.path)
            station.path = path
        stack.extend((child, f"{path}{child.id}/") for child in by_parent.get(station.id, []))
    db.session.flush()
    if moved:  # a moved station's requests now count at its new ancestors
        rebuild_tallies(db.session)


EDITABLE = ("name", "address", "phone", "hours", "latitude", "longitude")


def update_station(station, changes, actor):
    """Edit a station's own details (not its place in the tree); validated, audited."""
    changes = {k: v for k, v in changes.items() if k in EDITABLE and getattr(station, k) != v}
    _check_details(changes)
    for key, value in changes.items():
        setattr(station, key, value)
    if changes:
        audit.record(actor, "station.update", station, station_id=station.id, fields=sorted(changes))
    db.session.flush()
    return changes


def create_station(parent, code, name, actor, **details):
    """A new station one level below `parent`."""
    if parent.level == LEVELS[-1]:
        raise DomainError(texts.NO_STATION_BELOW_VILLAGE)
    if not CODE.match(code or ""):
        raise DomainError(texts.CODE_INVALID, field="code")
    if station_by_code(code):
        raise DomainError(texts.CODE_TAKEN.format(code=code), field="code")
    if not name:
        raise DomainError(texts.STATION_NAME_REQUIRED, field="name")
    _check_details(details)
    station = Station(
        code=code,
        name=name,
        level=LEVELS[LEVELS.index(parent.level) + 1],
        parent=parent,
        **{k: v for k, v in details.items() if k in EDITABLE},
    )
    db.session.add(station)
    db.session.flush()
    station.path = f"{parent.path}{station.id}/"
    audit.record(actor, "station.create", station, station_id=station.id, code=code)
    return station


def _check_details(values):
    if values.get("name") == "" or len(values.get("name") or "") > 100:
        raise DomainError(texts.STATION_NAME_INVALID, field="name")
    if values.get("phone") and not PHONE.match(values["phone"]):
        raise DomainError(texts.PHONE_INVALID, field="phone")
    if values.get("hours") and not HOURS.match(values["hours"]):
        raise DomainError(texts.HOURS_INVALID, field="hours")
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        if values.get(name) is not None and not low <= values[name] <= high:
            raise DomainError(texts.POSITION_INVALID, field=name)


def add_closure(station, starts_on, ends_on, reason, actor):
    if ends_on < starts_on:
        raise DomainError(texts.CLOSURE_ENDS_BEFORE_START, field="ends_on")
    if not reason:
        raise DomainError(texts.CLOSURE_REASON_REQUIRED, field="reason")
    closure = StationClosure(station=station, starts_on=starts_on, ends_on=ends_on, reason=reason)
    db.session.add(closure)
    db.session.flush()
    audit.record(
        actor,
        "station.closure.add",
        station,
        station_id=station.id,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return closure


def remove_closure(closure, actor):
    station = closure.station
    db.session.delete(closure)
    audit.record(
        actor,
        "station.closure.remove",
        station,
        station_id=station.id,
        starts_on=closure.starts_on.isoformat(),
    )
    db.session.flush()


def set_station_qr(station, ticket, url):
    """Keep the permanent QR code WeChat issued for the station's scene."""
    station.qr_ticket, station.qr_url = ticket, url
    db.session.flush()


@dataclass(frozen=True)
class DayStatus:
    open: bool
    reason: str | None = None  # why it is closed


def day_status(station, day, calendar):
    """Whether `station` is open on `day`: the working calendar, then its own closures."""
    for closure in station.closures:
        if closure.starts_on <= day <= closure.ends_on:
            return DayStatus(False, closure.reason)
    if not calendar.is_working_day(day):
        return DayStatus(False, calendar.holiday_name(day) or texts.DAY_OFF)
    return DayStatus(True)


def nearest_villages(latitude, longitude, limit=5, within_km=None):
    """Active village stations with coordinates nearest a point: [(station, metres)], closest first,
    optionally only those within `within_km`."""
    rows = db.session.execute(
        select(Station).where(
            Station.level == "village",
            Station.active,
            Station.latitude.is_not(None),
            Station.longitude.is_not(None),
        )
    ).scalars()
    ranked = sorted(
        ((s, distance_metres(latitude, longitude, s.latitude, s.longitude)) for s in rows),
        key=lambda pair: (pair[1], pair[0].code),
    )
    return [
        (station, round(metres))
        for station, metres in ranked[:limit]
        if within_km is None or metres <= within_km * 1000
    ]


def distance_metres(lat1, lng1, lat2, lng2):
    """Great-circle distance (haversine) in metres."""
    lat1, lng1, lat2, lng2 = map(math.radians, (lat1, lng1, lat2, lng2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))
