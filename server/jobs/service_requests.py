"""Jobs of requests: the deadline sweep (warnings and 督办), and fetching what the person sent."""

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Attachment, ServiceRequest, db
from models.types import utcnow
from server.extensions import gateway
from server.gateway.errors import TRANSIENT, GatewayError
from server.jobs import job
from server.operations.core.calendar import WorkingCalendar
from server.operations.service_requests.attachments import check_content, refuse_content, store_content
from server.operations.service_requests.deadlines import WARN_DAYS, today
from server.operations.service_requests.escalation import requests_to_sweep, sweep_request

log = logging.getLogger(__name__)
BATCH = 500
REFETCH_AFTER = timedelta(minutes=10)  # past a fetch job's own retries (10 s, 1 min, 5 min)


@job("low", retries=0)
def sweep_deadlines():
    """Warn before deadlines and escalate past them, one committed batch at a time; each request is
    locked while it is looked at (and skipped if someone else holds it), so two sweeps never clash."""
    calendar, day = WorkingCalendar.load(), today()
    ids = requests_to_sweep(day, calendar.add_working_days(day, WARN_DAYS))
    outcomes = {"warned": 0, "escalated": 0}
    for start in range(0, len(ids), BATCH):
        statement = (
            select(ServiceRequest)
            .where(ServiceRequest.id.in_(ids[start : start + BATCH]))
            .with_for_update(skip_locked=True)
            .options(selectinload(ServiceRequest.station), selectinload(ServiceRequest.assignee))  # not each
        )
        for request in db.session.execute(statement).scalars():
            outcome = sweep_request(request, calendar, day)
            if outcome:
                outcomes[outcome] += 1
        db.session.commit()
    log.info("deadline sweep: %s open requests looked at, %s", len(ids), outcomes)
    return outcomes


@job("wechat")
def fetch_attachment(attachment_id):
    """Download a photo or voice message the person sent in chat; an outage raises to be retried."""
    attachment = db.session.get(Attachment, attachment_id, with_for_update=True)
    if attachment is None or attachment.state != "pending":
        return
    try:
        data, _content_type = gateway().download_media(attachment.media_id)
    except TRANSIENT:
        raise
    except GatewayError as error:
        refuse_content(attachment, "failed", f"微信未能提供该文件（{error.errcode}）")
        db.session.commit()
        return
    problem = check_content(attachment.kind, data)
    if problem:
        refuse_content(attachment, "refused", problem)
    else:
        store_content(attachment, data)
    db.session.commit()


@job("low", retries=0)
def refetch_pending_attachments():
    """Queue again the photos and voice messages WeChat could not give during an outage longer than
    the fetch job's retries. WeChat keeps them 3 days; after that it says so and they are `failed`."""
    cutoff = utcnow() - REFETCH_AFTER
    pending = (
        db.session.execute(
            select(Attachment.id).where(
                Attachment.state == "pending",
                Attachment.media_id.is_not(None),
                Attachment.created_at < cutoff,
            )
        )
        .scalars()
        .all()
    )
    for attachment_id in pending:
        fetch_attachment.enqueue(attachment_id)
    log.info("re-queued %s pending attachments", len(pending))
