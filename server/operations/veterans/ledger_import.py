"""Importing a station's ledger (台账) of veterans: every row checked by the registration rules, then
written all or nothing.

A file goes to one station, the target. A village station takes every row as its own; a township or
higher takes rows that name their village in the station code column (所属站点编码), each a village in
the target's subtree. A row's identity is its village and ID number: `Veteran.import_key` is a keyed
hash of the two, so importing the same file again changes nothing and a corrected row updates the
record it made. An ID number registered through another channel, or imported by another station, is a
bad row. Imported people have no WeChat link, so nobody is notified; the import is one audit entry.
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from models import Station, Veteran, VeteranCategory, db
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.core.personal_data import clean_id_number
from server.operations.network.stations import ImportRefused
from server.operations.veterans import texts
from server.operations.veterans.ledger_columns import (
    STATION_CODE,
    mapping_problems,
    remember_mapping,
    row_values,
)
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import (
    BRANCHES,
    CLEANERS,
    EDITABLE_STATES,
    ValidationFailed,
    approve_registration,
    submit_registration,
    update_registration,
)

BATCH = 1000  # new records flushed together
LOOKUP_CHUNK = 500  # ID hashes per query when looking for existing records
CHANNELS = {"chat": "微信公众号", "miniapp": "小程序", "walkin": "窗口"}
MERGED = (*CLEANERS, "id_hash", "birth_date", "sex", "mobile_tail")  # what a re-imported row starts from


@dataclass
class LedgerReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [(line, message)] in file order


@dataclass
class Planned:
    key: str  # the row's import_key
    probe: Veteran  # the row as a checked registration: the new record, or what the old one becomes
    record: Veteran | None = None  # the record an earlier import of this row made
    changes: dict = field(default_factory=dict)  # field -> cleaned value, to apply to `record`


@dataclass
class LedgerPlan:
    report: LedgerReport
    planned: list = field(default_factory=list)


@dataclass
class _Ledger:
    """What checking a file needs at hand, loaded once: no query per row but the registration rules' own."""

    target: Station
    mapping: dict
    categories: dict  # active category name -> row
    stations: dict  # code -> station, the target's subtree
    numbers: dict  # ID number as written -> checked ID number, or None when it is not valid
    records: dict  # id_hash -> Veteran, every record whose ID number is in the file
    columns: dict  # field -> the file's column for it
    seen: dict = field(default_factory=dict)  # ID number -> first line it is on


def check_ledger(header, rows, mapping, target):
    """What importing `rows` into `target` would do, with every bad row and why; writes nothing.

    Raises ImportRefused (line 1) when the mapping itself cannot work: a required field has no column."""
    problems = mapping_problems(header, mapping, needs_station_code=target.level != "village")
    if problems:
        raise ImportRefused([(1, problem) for problem in problems])
    ledger = _load(target, rows, mapping)
    plan = LedgerPlan(LedgerReport(rows=len(rows)))
    for line, cells in rows:
        planned, problems = _check_row(ledger, line, cells)
        if problems:
            plan.report.errors += [(line, _message(ledger, f, message)) for f, message in problems]
            continue
        plan.planned.append(planned)
        if planned.record is None:
            plan.report.created += 1
        elif planned.changes:
            plan.report.updated += 1
        else:
            plan.report.unchanged += 1
    return plan


def import_ledger(header, rows, mapping, target, actor, approve=False, filename=None):
    """Import a checked ledger all or nothing (ImportRefused lists every bad row); records are
    submitted, or approved when `approve` (the caller checks the actor may). Remembers the mapping."""
    plan = check_ledger(header, rows, mapping, target)
    if plan.report.errors:
        raise ImportRefused(plan.report.errors)
    _write(plan.planned, actor, approve)
    remember_mapping(target, mapping)
    report = plan.report
    audit.record(
        actor,
        "veterans.import",
        target,
        station_id=target.id,
        file=filename,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        approved=bool(approve),
    )
    return report


# Checking
def _load(target, rows, mapping):
    categories = db.session.scalars(
        select(VeteranCategory).filter_by(active=True).order_by(VeteranCategory.sort)
    )
    stations = db.session.scalars(select(Station).where(Station.path.startswith(target.path)))
    id_column = next(column for column, f in mapping.items() if f == "id_number")
    written = {(cells.get(id_column) or "").strip() for _line, cells in rows}
    numbers = {text: _id_number(text) for text in written}
    return _Ledger(
        target=target,
        mapping=mapping,
        categories={c.name: c for c in categories},
        stations={s.code: s for s in stations},
        numbers=numbers,
        records=_records_with(set(numbers.values()) - {None}),
        columns={f: column for column, f in mapping.items() if f},
    )


def _records_with(numbers):
    hashes = [h for number in numbers for h in _keyring().lookup_hashes(number)]
    records = {}
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[start : start + LOOKUP_CHUNK]
        found = db.session.scalars(select(Veteran).where(Veteran.id_hash.in_(chunk)))
        records.update((veteran.id_hash, veteran) for veteran in found)
    return records


def _check_row(ledger, line, cells):
    """(Planned, []) for a good row; (None, [(field, problem)]) for a bad one."""
    values, cell_problems = row_values(cells, ledger.mapping, ledger.categories)
    problems = list(cell_problems.items())
    station = _station_of(ledger, cells, problems)
    if station is not None:
        values["station_id"] = station.id
    number = ledger.numbers.get(values.get("id_number"))
    record, key, same = _identify(ledger, line, number, station, problems)
    probe, rule_problems = _validated(values, record, merge=same)
    reported = {f for f, _message in problems}
    problems += [(f, message) for f, message in rule_problems if f not in reported]
    if problems:
        return None, problems
    planned = Planned(key, probe, record if same else None)
    if same:
        planned.changes = {f: getattr(probe, f) for f in values if getattr(probe, f) != getattr(record, f)}
        if planned.changes and record.state not in EDITABLE_STATES:
            return None, [("", texts.LEDGER_UNDER_REVIEW)]
    return planned, []


def _identify(ledger, line, number, station, problems):
    """(the record holding this ID number, the row's import_key, whether that record is this row's
    earlier import). A duplicate in the file, or a record from elsewhere, is a problem."""
    if number is None:
        return None, None, False
    first = ledger.seen.setdefault(number, line)
    if first != line:
        problems.append(("id_number", texts.LEDGER_DUPLICATE.format(line=first)))
    record = next((ledger.records[h] for h in _keyring().lookup_hashes(number) if h in ledger.records), None)
    keys = _keyring().lookup_hashes(f"ledger:{station.id}:{number}") if station is not None else [None]
    same = record is not None and record.source == "import" and record.import_key in keys
    if record is not None and not same and (station is not None or record.source != "import"):
        problems.append(("id_number", _taken(record)))
    return record, keys[0], same


def _station_of(ledger, cells, problems):
    """The village the row belongs to: the target itself, or the one its station code names."""
    column = ledger.columns.get(STATION_CODE)
    code = (cells.get(column) or "").strip() if column else ""
    target = ledger.target
    if not code:
        if target.level == "village":
            return target
        problems.append((STATION_CODE, texts.LEDGER_STATION_CODE_REQUIRED))
        return None
    station = ledger.stations.get(code)
    if station is None:
        problems.append((STATION_CODE, texts.LEDGER_STATION_UNKNOWN.format(code=code, target=target.name)))
    elif station.level != "village":
        problems.append((STATION_CODE, texts.LEDGER_STATION_NOT_VILLAGE.format(name=station.name)))
    else:
        return station
    return None


def _taken(record):
    if record.source == "import":
        return texts.LEDGER_IMPORTED_ELSEWHERE
    return texts.LEDGER_REGISTERED_ELSEWHERE.format(channel=CHANNELS.get(record.source, record.source))


def _validated(values, record, merge):
    """The row as a registration checked by `update_registration` and `submit_registration` on a probe
    that is never added to the session: (probe, [(field, problem)]). A bad field is left out and the
    rest checked again, so the cross-field checks report too."""
    problems, remaining = [], dict(values)
    for _attempt in range(3):
        probe = _probe(record, merge)
        try:
            update_registration(probe, remaining)
        except ValidationFailed as failed:
            problems += _by_column(failed)
            remaining = {f: v for f, v in remaining.items() if f not in failed.fields}
            continue
        break
    if problems:
        return None, problems
    probe.category = db.session.get(VeteranCategory, probe.category_id) if probe.category_id else None
    try:
        submit_registration(probe)
    except ValidationFailed as failed:
        return None, _by_column(failed)
    return probe, []


def _by_column(failed):
    """The rules' problems by field, the station's under the station code column that names it."""
    return [(STATION_CODE if f == "station_id" else f, message) for f, message in failed.fields.items()]


def _probe(record, merge):
    """A transient draft consented as at a walk-in: the station compiled its ledger in person. With the
    id of the record the ID number belongs to, the uniqueness rule does not count that record twice."""
    probe = Veteran(state="draft", source="import", consent_version=PRIVACY_VERSION, consent_at=utcnow())
    if record is not None:
        probe.id = record.id
    if merge:
        for name in MERGED:
            setattr(probe, name, getattr(record, name))
    return probe


def _message(ledger, field_name, message):
    if field_name == "branch" and not message.startswith(texts.FIELD_REQUIRED.format(field="")):
        message += texts.LEDGER_BRANCH_CHOICES.format(choices=texts.LIST_JOINED.join(BRANCHES))
    column = ledger.columns.get(field_name)
    return texts.LEDGER_IN_COLUMN.format(column=column, message=message) if column else message


def _id_number(text):
    try:
        return clean_id_number(text) if text else None
    except DomainError:
        return None


# Writing
def _write(planned, actor, approve):
    for item in planned:  # updates first: each queries, which would flush pending new records one by one
        if item.record is not None and item.changes:
            _update(item, actor, approve)
    new = [item for item in planned if item.record is None]
    for start in range(0, len(new), BATCH):
        for item in new[start : start + BATCH]:
            item.probe.import_key = item.key
            if approve:
                approve_registration(item.probe, actor, quietly=True)
            db.session.add(item.probe)
        db.session.flush()


def _update(item, actor, approve):
    record = item.record
    update_registration(record, item.changes)
    record.import_key = item.key  # under the current key, after a DATA_KEY rotation
    if record.state in ("draft", "returned"):  # a corrected record goes back through review
        submit_registration(record)
    if approve and record.state == "submitted":
        approve_registration(record, actor, quietly=True)  # the import is audited once, as a whole


def _keyring():
    return current_app.extensions["keyring"]
