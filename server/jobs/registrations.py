"""Jobs of registration: carrying out confirmed deletions when their date comes."""

import logging

from models import db
from models.types import utcnow
from server.jobs import job
from server.operations.veterans.registrations import carry_out_deletions
from server.timezone import local_date

log = logging.getLogger(__name__)


@job("low", retries=0)
def carry_out_due_deletions():
    """Delete the records whose confirmed deletion date has come (idempotent: deleted rows are gone)."""
    deleted = carry_out_deletions(local_date(utcnow()))
    db.session.commit()
    log.info("deleted %s veterans on request", deleted)
