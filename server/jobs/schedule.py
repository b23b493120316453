"""Periodic jobs, in one list: (job, interval in seconds)."""

from server.jobs.appointments import mark_no_shows, purge_idempotent_responses, send_reminders
from server.jobs.notifications import resend_pending_notifications
from server.jobs.pushes import start_due_pushes
from server.jobs.registrations import carry_out_due_deletions
from server.jobs.service_requests import refetch_pending_attachments, sweep_deadlines
from server.jobs.tags import sync_tags
from server.jobs.wechat import purge_old_messages

PERIODIC = [
    (purge_old_messages, 3600),
    (resend_pending_notifications, 300),
    (carry_out_due_deletions, 3600),
    (sweep_deadlines, 600),
    (refetch_pending_attachments, 300),
    (send_reminders, 300),
    (mark_no_shows, 600),
    (start_due_pushes, 60),
    (sync_tags, 3600),  # WeChat's tags reconciled with ours, for whatever a lost job left undone
    (purge_idempotent_responses, 3600),
]


def build_cron(connection):
    from rq.cron import CronScheduler

    cron = CronScheduler(connection=connection, name="veterans-scheduler")
    for job, interval in PERIODIC:
        cron.register(job, job.queue, interval=interval)
    return cron
