"""Jobs of appointments and station events: the day-before reminders and the no-show sweep. Each
item is committed on its own, so a worker killed midway leaves the rest for the next run and what
it did is not done again (see server/operations/appointments/sweeps.py); and forgetting the
answers kept for the API's Idempotency-Key after a day."""

import logging

from models import db
from server.jobs import job
from server.operations.appointments import sweeps
from server.operations.core.idempotency import purge_answers

log = logging.getLogger(__name__)


@job("low", retries=0)
def send_reminders():
    bookings, signups = sweeps.due_reminders()
    sent = _each(bookings, sweeps.remind_booking) + _each(signups, sweeps.remind_signup)
    if sent:
        log.info("sent %s appointment and event reminders", sent)


@job("low", retries=0)
def mark_no_shows():
    marked = _each(sweeps.due_no_shows(), sweeps.mark_no_show_of)
    if marked:
        log.info("marked %s appointments as no-shows", marked)


def _each(ids, act):
    done = 0
    for record_id in ids:
        done += bool(act(record_id))
        db.session.commit()
    return done


@job("low", retries=0)
def purge_idempotent_responses():
    """Forget the answers kept for Idempotency-Key repeats after a day."""
    purged = purge_answers()
    db.session.commit()
    if purged:
        log.info("purged %s kept API answers", purged)
