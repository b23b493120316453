"""What keeping the dashboard's daily tally costs a write, on the 1,000,000-request database of
bench/request_scale.py (seed it first: `bench/request_scale.py --prepare-only`).

    .venv/bin/python bench/request_tally.py [--requests 200]

Files `--requests` requests at a village through the real operations, answers and resolves each,
committing after every step, and times each step whole and the part of it spent in the tally's
statements (what the request counted for before the step and after it, and the write of the
difference at the commit), in the same run. The requests stay: they are a
few hundred among a million, and the tally is checked against one rebuilt from them all at the end
(`--check`, about a minute).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

import models.request_tally as request_tally  # noqa: E402
from bench.harness import PG_SERVER, app_env  # noqa: E402
from bench.request_scale import DATABASE, REDIS_URL  # noqa: E402
from models import RequestCategory, Staff, Station, db  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.operations.core.audit import Actor  # noqa: E402
from server.operations.service_requests.filing import Person, file_request  # noqa: E402
from server.operations.service_requests.replies import reply_to_request  # noqa: E402
from server.operations.service_requests.states import move_request  # noqa: E402
from tests.support.request_stats import tally_rows  # noqa: E402

VILLAGE = "S0000000"
TEXT, BY = "家中困难，申请临时救助。", Actor.person("压测")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--check", action="store_true", help="compare with a rebuilt tally at the end")
    options = parser.parse_args(argv)
    app = create_app(Config.from_env(app_env(f"{PG_SERVER}/{options.database}", REDIS_URL)))
    spent = _time_the_tally()
    with app.app_context():
        station = db.session.scalars(select(Station).filter_by(code=VILLAGE)).one()
        clerk = db.session.scalars(select(Staff).filter_by(station_id=station.id, role="clerk")).first()
        category = db.session.scalars(select(RequestCategory).filter_by(name="困难帮扶")).one()
        staff, steps = Actor.of(clerk, None), {"file": [], "reply": [], "resolve": []}

        def timed(step, action):
            spent.clear()
            started = time.perf_counter()
            result = action()
            db.session.commit()
            steps[step].append((time.perf_counter() - started, sum(spent)))
            return result

        for n in range(options.requests):
            person = Person(openid=f"oBenchTally{n}", name="压测")
            request = timed(
                "file", lambda p=person: file_request(p, category, TEXT, "chat", BY, station=station)
            )
            timed("reply", lambda r=request: reply_to_request(r, "已收到，正在核实。", staff))
            timed("resolve", lambda r=request: move_request(r, "resolve", staff, reason="已发放救助金。"))
        _print(steps, options)
        if options.check:
            kept = tally_rows()
            request_tally.rebuild_tallies(db.session)
            same = kept == tally_rows()
            db.session.rollback()
            print(f"\ntally kept in step equals the rebuilt one: {same}")
            return 0 if same else 1
    return 0


def _time_the_tally():
    """Wrap the tally's reads of what requests count for and its one write per commit (not the
    row lock) to time them per step."""
    spent = []

    def timed(original):
        def run(*args):
            started = time.perf_counter()
            result = original(*args)
            spent.append(time.perf_counter() - started)
            return result

        return run

    request_tally._counted = timed(request_tally._counted)
    request_tally._add_difference = timed(request_tally._add_difference)
    return spent


def _print(steps, options):
    print(f"\n{options.requests} requests at {VILLAGE}, each step committed; ms per step\n")
    print("| step | p50 ms | p95 ms | tally p50 ms | tally p95 ms | tally share of the mean |")
    print("|---|--:|--:|--:|--:|--:|")
    for step, times in steps.items():
        whole, tally = [t * 1000 for t, _ in times], [s * 1000 for _, s in times]
        share = sum(tally) / sum(whole)
        print(
            f"| {step} | {statistics.median(whole):.1f} | {_p95(whole):.1f} | {statistics.median(tally):.2f}"
            f" | {_p95(tally):.2f} | {100 * share:.0f} % |"
        )


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


if __name__ == "__main__":
    sys.exit(main())
