"""The deadline sweep at scale, for bench/request_scale.py: run as the worker runs it, twice (the second
finds its work done), then undone, so each measurement starts from the same data.

Undoing deletes, in SQL, the events, staff notices and notifications the sweep added (the ORM and a
trigger refuse to delete events: outside a benchmark nothing may) and puts back the swept columns.
"""

import time
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, text

from models import Notification, RequestEvent, ServiceRequest, StaffNotice, db
from models.request import OPEN_STATES
from server.jobs.service_requests import sweep_deadlines
from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.deadlines import WARN_DAYS, today
from server.operations.service_requests.escalation import requests_to_sweep

TARGET_S = 30
SWEPT_COLUMNS = ("warned_for", "escalation_level", "escalated_until", "updated_at")
ADDED = (RequestEvent, StaffNotice, Notification)


@dataclass
class Sweep:
    open: int
    looked_at: int
    first_s: float
    outcomes: dict
    second_s: float
    again: dict  # what the second run did: nothing, if the sweep is idempotent


def measure_sweeps(app, runs):
    with app.app_context():
        open_now = db.session.scalar(select(func.count()).where(ServiceRequest.state.in_(OPEN_STATES)))
        calendar, day = WorkingCalendar.load(), today()
        looked_at = len(requests_to_sweep(day, calendar.add_working_days(day, WARN_DAYS)))
        marks = {model: db.session.scalar(select(func.coalesce(func.max(model.id), 0))) for model in ADDED}
        _snapshot()
        sweeps = []
        try:
            for _ in range(runs):
                started = time.perf_counter()
                outcomes = sweep_deadlines()
                first = time.perf_counter() - started
                again = sweep_deadlines()
                sweeps.append(
                    Sweep(open_now, looked_at, first, outcomes, time.perf_counter() - started - first, again)
                )
                print(f"  sweep: {first:.1f} s, then {sweeps[-1].second_s:.1f} s", flush=True)
                _undo(marks)
        finally:
            _undo(marks)
            db.session.execute(text("DROP TABLE IF EXISTS bench_sweep_snapshot"))
            db.session.commit()
    return sweeps


def _snapshot():
    columns = ", ".join(SWEPT_COLUMNS)
    db.session.execute(text("DROP TABLE IF EXISTS bench_sweep_snapshot"))
    copy = (
        f"CREATE TABLE bench_sweep_snapshot AS SELECT id, {columns} FROM service_request WHERE state IN :open"
    )
    db.session.execute(text(copy).bindparams(bindparam("open", expanding=True)), {"open": list(OPEN_STATES)})
    db.session.commit()


def _undo(marks):
    db.session.rollback()
    # request_event's trigger refuses deletes (append-only); the bench connects as the superuser,
    # who may switch ordinary triggers off for this one transaction.
    db.session.execute(text("SET LOCAL session_replication_role = replica"))
    for model, mark in marks.items():
        db.session.execute(text(f"DELETE FROM {model.__tablename__} WHERE id > :mark"), {"mark": mark})
    restore = ", ".join(f"{c} = b.{c}" for c in SWEPT_COLUMNS)
    db.session.execute(
        text(f"UPDATE service_request s SET {restore} FROM bench_sweep_snapshot b WHERE s.id = b.id")
    )
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE service_request, request_event, staff_notice"))


def print_sweeps(sweeps):
    print(f"\nsweep_deadlines over all open requests (target < {TARGET_S} s)")
    print(f"{'run':>3} {'open':>7} {'looked at':>9} {'first s':>8} {'warned':>7} {'escalated':>9} "
          f"{'again s':>8} {'again did':>9}  verdict")  # fmt: skip
    for n, s in enumerate(sweeps, start=1):
        did = sum(s.again.values())
        verdict = (
            "ok"
            if s.first_s < TARGET_S and did == 0
            else "OVER"
            if s.first_s >= TARGET_S
            else "NOT IDEMPOTENT"
        )
        print(f"{n:3} {s.open:7} {s.looked_at:9} {s.first_s:8.1f} {s.outcomes['warned']:7} "
              f"{s.outcomes['escalated']:9} {s.second_s:8.1f} {did:9}  {verdict}")  # fmt: skip
