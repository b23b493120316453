"""A separate RQ worker process for the kill test: `python -m tests.support.reminder_worker SECONDS
NOW` with the test's environment. It runs what is queued, as `flask worker --burst` does but each job
in this process (RQ's SimpleWorker: no work horse forked per job, so hundreds of deliveries take
seconds and a kill of this process is a kill of the job), with the clock at NOW (ISO, for the
reminder sweep) and SECONDS of work added to each reminder, so a test can kill it midway through."""

import sys
import time
from datetime import datetime

from rq import SimpleWorker

from server import create_app
from server.jobs import queues
from server.operations.appointments import sweeps


def slowed(remind, seconds):
    def remind_slowly(booking_id):
        done = remind(booking_id)
        time.sleep(seconds)
        return done

    return remind_slowly


if __name__ == "__main__":
    seconds, now = float(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
    sweeps.remind_booking = slowed(sweeps.remind_booking, seconds)
    sweeps.utcnow = lambda: now
    app = create_app()
    with app.app_context():
        connection = app.extensions["redis"]
        SimpleWorker(queues(connection), connection=connection).work(burst=True, logging_level="WARNING")
