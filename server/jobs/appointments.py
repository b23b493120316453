"""Jobs of appointments and station events: the day-before reminders and the no-show sweep. Each
item is committed on its own, so a worker killed midway leaves the rest for the next run and what
it did is not done again (see server/operations/appointments/sweeps.py)."""

import logging

from models import db
from server.jobs import job
from server.operations.appointments import sweeps

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
