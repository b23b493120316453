"""Benchmark of appointments (预约办事) on PostgreSQL: availability with 100,000 future bookings in the
network, booking under 50 concurrent clients, and 200 people racing for one slot.

PostgreSQL database `veterans_bench_appointments`: the demo, the synthetic network (`flask seed
network`: S → 10 counties → 100 townships → 2,000 villages), a schedule for every service a station's
level offers (1-3 desks), and `--bookings` future bookings over the next 30 days, their slot tallies
consistent with them (written in bulk here, as a network would have them after months of use).

    .venv/bin/python bench/appointments.py [--reuse] [--bookings 100000] [--runs 200]

Measured over HTTP against gunicorn -c gunicorn.conf.py (2 workers), with mini-program sessions made
in the database (the login endpoint is rate-limited):
- availability: GET /api/v1/services/{id}/availability of the busiest village station over 30 days,
  one request at a time; and the same computation in this process (`slots.availability`), so the
  database and the rendering separate. Baseline: GET /healthz in the same run.
- booking: one client at a time (the latency floor), then 50 client threads, each a different person,
  starting together, each POSTing /api/v1/bookings twice on free slots spread over the network (picked
  beforehand in this process, so only the POSTs are timed); p50/p95 of each request. Baseline: GET
  /healthz from 50 threads in the same run.
- the race: 200 different people POST the same slot at once; the places booked must equal its places.
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import requests
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench.harness import PG_SERVER, app_env, count_rows, gunicorn, print_machine, seed_network  # noqa: E402
from models import Booking, Schedule, Service, SlotTally, Station, db  # noqa: E402
from models.types import utcnow  # noqa: E402
from server import create_app  # noqa: E402
from server.api.sessions import open_session, token_for  # noqa: E402
from server.config import Config  # noqa: E402
from server.operations.appointments.slots import availability, bookable_range  # noqa: E402
from server.operations.core.calendar import WorkingCalendar  # noqa: E402
from server.timezone import LOCAL, local_date  # noqa: E402

DATABASE = "veterans_bench_appointments"
REDIS_URL = "redis://127.0.0.1:6379/11"
SERVICE = "政策咨询"  # offered at every level
BUSY_VILLAGE = "S0000000"
CLIENTS = 50
SEQUENTIAL = 50
RACERS = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    env = app_env(f"{PG_SERVER}/{DATABASE}", REDIS_URL)
    print_machine(DATABASE)
    app = create_app(Config.from_env(env))
    if not args.reuse or count_rows(f"{PG_SERVER}/{DATABASE}", "booking") < args.bookings:
        seed_network(DATABASE, env)
        with app.app_context():
            seed_schedules()
            seed_bookings(args.bookings)
    with app.app_context():
        schedule, service_id, station_id = busy_schedule()
        print(f"data:    {db.session.scalar(select(func.count(Booking.id)))} bookings, "
              f"{db.session.scalar(select(func.count(Schedule.id)))} schedules, "
              f"{db.session.scalar(select(func.count(Station.id)))} stations")  # fmt: skip
        in_process = measure_in_process(schedule, args.runs)
        tokens = make_sessions(SEQUENTIAL + CLIENTS + RACERS)
        race_schedule = race_slot_schedule()
    with tempfile.TemporaryDirectory() as logs, gunicorn(env, 2, Path(logs) / "gunicorn.log") as (url, _):
        report("availability, in this process", in_process)
        first, last = window_of(app, schedule)
        path = f"/api/v1/services/{service_id}/availability?station_id={station_id}&from={first}&to={last}"
        auth = {"Authorization": f"Bearer {tokens[0]}"}
        report("GET /healthz (baseline)", sequential(url, "/healthz", {}, args.runs))
        report("GET availability, 30 days", sequential(url, path, auth, args.runs))
        solo, crowd, racers = tokens[:SEQUENTIAL], tokens[SEQUENTIAL:-RACERS], tokens[-RACERS:]
        report(
            "POST /api/v1/bookings, 1 client",
            sequential_bookings(url, solo, free_targets(app, SEQUENTIAL, 1)),
        )
        report("GET /healthz, 50 clients (baseline)", concurrent_gets(url, CLIENTS, 10))
        report(
            "POST /api/v1/bookings, 50 clients",
            concurrent_bookings(url, crowd, free_targets(app, 2 * CLIENTS, 2)),
        )
        race(app, url, race_schedule, racers)


def seed_schedules():
    """A schedule for every station and every service its level offers: 1-3 desks, one held back
    where there are three."""
    rng = random.Random(15)
    services = db.session.execute(select(Service)).scalars().all()
    have = {tuple(row) for row in db.session.execute(select(Schedule.station_id, Schedule.service_id))}
    rows = [
        {"station_id": station_id, "service_id": service.id, "slot_minutes": 30,
         "desks": (desks := rng.choice((1, 2, 3))), "held_back": 1 if desks == 3 else 0,
         "window_days": 30, "cutoff_hours": 2, "active": True}
        for station_id, level in db.session.execute(select(Station.id, Station.level)).all()
        for service in services
        if level in service.levels and (station_id, service.id) not in have
    ]  # fmt: skip
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Schedule), rows[start : start + 5000])
    db.session.execute(Schedule.__table__.update().values(window_days=30))
    db.session.commit()


def seed_bookings(count):
    """`count` bookings on free places of future slots, a tenth of them at BUSY_VILLAGE's schedule of
    SERVICE (so the measured station is the busiest), the rest anywhere; tallies to match."""
    rng, calendar = random.Random(2026), WorkingCalendar.load()
    schedules = db.session.execute(select(Schedule).join(Station)).scalars().all()
    busy = next(s for s in schedules if s.station.code == BUSY_VILLAGE and s.service.name == SERVICE)
    days = [
        d
        for d in (local_date(utcnow()) + timedelta(days=n) for n in range(1, 31))
        if calendar.is_working_day(d)
    ]
    taken, bookings = {}, []
    while len(bookings) < count:
        schedule = busy if rng.random() < 0.1 else rng.choice(schedules)
        day = rng.choice(days)
        start = datetime.combine(day, clock(9), LOCAL) + timedelta(minutes=30 * rng.randrange(14))
        key = (schedule.id, start)
        if taken.get(key, 0) >= schedule.desks:
            continue
        taken[key] = taken.get(key, 0) + 1
        bookings.append(
            {"person_key": f"bench:{len(bookings)}", "station_id": schedule.station_id,
             "service_id": schedule.service_id, "schedule_id": schedule.id, "starts_at": start,
             "ends_at": start + timedelta(minutes=30), "day": day, "state": "booked", "channel": "miniapp",
             "held_place": False, "subscribed": [], "cancelled_by_staff": False, "created_at": utcnow()}
        )  # fmt: skip
    for start in range(0, len(bookings), 5000):
        db.session.execute(insert(Booking), bookings[start : start + 5000])
    tallies = [
        {"schedule_id": s, "starts_at": t, "booked": n, "held": 0, "closed": False}
        for (s, t), n in taken.items()
    ]
    for start in range(0, len(tallies), 5000):
        db.session.execute(insert(SlotTally), tallies[start : start + 5000])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()


def busy_schedule():
    schedule = db.session.execute(
        select(Schedule)
        .join(Station)
        .join(Service)
        .where(Station.code == BUSY_VILLAGE, Service.name == SERVICE)
    ).scalar_one()
    return schedule, schedule.service_id, schedule.station_id


def window_of(app, schedule):
    with app.app_context():
        schedule = db.session.merge(schedule)
        first, _last = bookable_range(schedule)
        return first.date(), first.date() + timedelta(days=29)


def measure_in_process(schedule, runs):
    first = local_date(utcnow()) + timedelta(days=1)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        days = availability(schedule, first, first + timedelta(days=29))
        times.append(time.perf_counter() - started)
        db.session.rollback()
    assert days, "the busy station has no open day"
    return times


def make_sessions(count):
    tokens = [
        token_for(open_session(f"bench-mp-{n}-{time.time_ns()}", None, "demo-session-key"))
        for n in range(count)
    ]
    db.session.commit()
    return tokens


def race_slot_schedule():
    """A schedule of a village other than the busy one, its desks known."""
    return db.session.execute(
        select(Schedule.id, Schedule.service_id, Schedule.station_id, Schedule.desks, Schedule.held_back)
        .join(Station).join(Service)
        .where(Station.code == "S0101001", Service.name == SERVICE)
    ).one()  # fmt: skip


def sequential(url, path, headers, runs):
    session, times = requests.Session(), []
    for _ in range(runs):
        started = time.perf_counter()
        response = session.get(url + path, headers=headers, timeout=30)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
    return times


def concurrent_gets(url, clients, each):
    times, lock = [], threading.Lock()

    def client():
        session = requests.Session()
        for _ in range(each):
            started = time.perf_counter()
            session.get(url + "/healthz", timeout=30)
            with lock:
                times.append(time.perf_counter() - started)

    run_threads([client] * clients)
    return times


def free_targets(app, count, seed):
    """`count` free slots of SERVICE at stations across the network: (service, station, start)."""
    rng, targets = random.Random(seed), []
    with app.app_context():
        schedules = (
            db.session.execute(select(Schedule).join(Service).where(Service.name == SERVICE)).scalars().all()
        )
        while len(targets) < count:
            schedule = rng.choice(schedules)
            first, last = bookable_range(schedule)
            free = [s for d in availability(schedule, first.date(), last) for s in d.slots if s.remaining > 0]
            if free:
                start = rng.choice(free).starts_at.astimezone(LOCAL).isoformat()
                targets.append(
                    {"service_id": schedule.service_id, "station_id": schedule.station_id, "start": start}
                )
        db.session.rollback()
    return targets


def sequential_bookings(url, tokens, targets):
    """One client at a time: the latency of a booking with nothing queued ahead of it."""
    times = []
    for token, target in zip(tokens, targets, strict=True):
        started = time.perf_counter()
        response = requests.post(
            f"{url}/api/v1/bookings", json=target, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        times.append(time.perf_counter() - started)
        assert response.status_code in (201, 409), response.text[:200]
    return times


def concurrent_bookings(url, tokens, targets, each=2):
    """Each client (a different person) books `each` of `targets`; all start together."""
    times, statuses, lock, gate = [], {}, threading.Lock(), threading.Barrier(len(tokens))

    def client(token, mine):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        gate.wait()
        for target in mine:
            started = time.perf_counter()
            response = session.post(f"{url}/api/v1/bookings", json=target, timeout=60)
            with lock:
                times.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    run_threads(
        [lambda t=t, n=n: client(t, targets[n * each : (n + 1) * each]) for n, t in enumerate(tokens)]
    )
    print(f"         booking statuses: {dict(sorted(statuses.items()))}")
    return times


def race(app, url, slot_schedule, tokens):
    schedule_id, service_id, station_id, desks, held_back = slot_schedule
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {tokens[0]}"
    days = session.get(
        f"{url}/api/v1/services/{service_id}/availability", params={"station_id": station_id}, timeout=30
    ).json()["days"]
    start = next(
        slot["start"] for day in days for slot in day["slots"] if slot["remaining"] == desks - held_back
    )
    statuses, lock, gate = {}, threading.Lock(), threading.Barrier(len(tokens))

    def racer(token):
        body = {"service_id": service_id, "station_id": station_id, "start": start}
        gate.wait()
        response = requests.post(
            f"{url}/api/v1/bookings", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        with lock:
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    run_threads([lambda t=t: racer(t) for t in tokens])
    with app.app_context():
        starts_at = datetime.fromisoformat(start)
        booked = db.session.get(SlotTally, (schedule_id, starts_at)).booked
        rows = db.session.scalar(
            select(func.count(Booking.id)).where(
                Booking.schedule_id == schedule_id, Booking.starts_at == starts_at, Booking.state == "booked"
            )
        )
    places = desks - held_back
    verdict = "exact" if booked == rows == statuses.get(201, 0) == places else "WRONG"
    print(f"race:    {len(tokens)} people, one slot with {places} online places: statuses "
          f"{dict(sorted(statuses.items()))}, tally {booked}, bookings {rows}: {verdict}")  # fmt: skip


def run_threads(targets):
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(name, times):
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    median = statistics.median(ms)
    print(f"{name:<40} n={len(ms):>4}  p50 {median:7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms")


if __name__ == "__main__":
    main()
