"""Keeping WeChat's tags in step with ours (the scheme: server/operations/policies/tag_plan.py).

A sync makes the planned tags WeChat lacks and deletes the retired ones, then applies the difference
between the tags each follower should carry and those recorded as applied, in batchtagging calls of
at most 50 openids. Each call is recorded and committed as soon as WeChat confirms it, so a sync
killed halfway resumes with what is left and repeats at most the one call that was in flight when
it died (WeChat may have carried it out; tagging a follower twice changes nothing at WeChat). One
sync runs at a time (a Redis lock that lapses a minute after a killed worker stops renewing it).

Runs: for one follower after their subscriptions, registration or station change
(`sync_follower_tags`), and for everyone as a periodic reconciliation (`sync_tags`).
"""

import logging
from dataclasses import dataclass, field

from models import db
from server.extensions import gateway, redis_client
from server.gateway.errors import TRANSIENT, GatewayError, LimitReached, Refused
from server.jobs import job
from server.operations.policies.tag_plan import (
    Batch,
    TagPlanTooLarge,
    forget_tag,
    made_tags,
    note_made,
    pending_batches,
    plan_tags,
    reconcile_tag_rows,
    record_batch,
    unmake_tag,
)

log = logging.getLogger(__name__)
LOCK = "wechat-tags:sync"
LOCK_SECONDS = 60  # renewed at every call; lapses this long after a killed worker
WAIT_SECONDS = 5  # a follower's sync waits this long for a running one, then is retried by RQ
UNKNOWN_OPENID = 40003  # unfollowed at WeChat before the unsubscribe event reached us
TAGGING_PATHS = ("/cgi-bin/tags/members/batchtagging", "/cgi-bin/tags/members/batchuntagging")
NAME_TAKEN = 45157  # e.g. made by a sync killed before it recorded the id
UNKNOWN_TAG = 45159


class SyncBusy(Exception):
    """Another sync holds the lock: the job is retried later."""


@dataclass
class SyncReport:
    calls: int = 0
    made: int = 0
    deleted: int = 0
    tagged: int = 0
    untagged: int = 0
    skipped: list = field(default_factory=list)  # (openid, why) WeChat refused for one follower


@job("wechat")
def sync_tags():
    """The periodic full reconciliation; skipped while another sync runs (it will come round again)."""
    return run_sync(wait=False)


@job("wechat")
def sync_follower_tags(follower_id):
    """One follower's tags, after a change of their subscriptions, registration or station."""
    return run_sync(follower_ids=[follower_id], wait=True)


def run_sync(follower_ids=None, wait=True):
    """Bring WeChat in step (all followers, or `follower_ids`): a SyncReport, or None when skipped."""
    lock = redis_client().lock(LOCK, timeout=LOCK_SECONDS, blocking_timeout=WAIT_SECONDS if wait else 0)
    if not lock.acquire():
        if wait:
            raise SyncBusy("another tag sync is running")
        return None
    try:
        return _sync(follower_ids, lock)
    finally:
        _release(lock)


def _sync(follower_ids, lock):
    report = SyncReport()
    try:
        planned = plan_tags()
    except TagPlanTooLarge as error:
        log.error("tag plan refused, nothing sent to WeChat: %s", error.message)
        return report
    if follower_ids is None:
        _forget_tags_gone(report)
    unmade, retired = reconcile_tag_rows(planned)
    db.session.commit()
    _delete_retired(retired, report, lock)
    _make(unmade, report, lock)
    for batch in pending_batches(follower_ids):
        lock.reacquire()
        _apply(batch, report)
        db.session.commit()
    log.info("tag sync: %s", report)
    return report


def _delete_retired(rows, report, lock):
    for row in rows:
        lock.reacquire()
        if row.wechat_id is not None:
            try:
                _call(report, gateway().delete_tag, row.wechat_id)
            except Refused as error:
                if error.errcode != UNKNOWN_TAG:
                    raise
        forget_tag(row)
        db.session.commit()
        report.deleted += 1


def _forget_tags_gone(report):
    """A full sync first asks WeChat for its tags: one deleted by hand in 公众平台 is made again."""
    listed = {int(tag["id"]) for tag in _call(report, gateway().list_tags)}
    for row in made_tags():
        if row.wechat_id not in listed:
            log.warning("tag %s was deleted at WeChat: it is made again", row.name)
            unmake_tag(row)
    db.session.commit()


def _make(rows, report, lock):
    for row in rows:
        lock.reacquire()
        try:
            note_made(row, _call(report, gateway().create_tag, row.name))
        except LimitReached:
            log.error("WeChat has no room for tag %r (100 per account): left unmade", row.name)
            db.session.rollback()
            return
        except Refused as error:
            if error.errcode != NAME_TAKEN:
                raise
            note_made(row, _id_by_name(report, row.name))
        db.session.commit()
        report.made += 1


def _id_by_name(report, name):
    return next(int(tag["id"]) for tag in _call(report, gateway().list_tags) if tag["name"] == name)


def _apply(batch, report):
    call = gateway().tag_users if batch.tagging else gateway().untag_users
    try:
        _call(report, call, batch.tag.wechat_id, [openid for _, openid in batch.followers])
    except GatewayError as error:
        if isinstance(error, TRANSIENT):
            raise  # the job is retried; what is done stays done
        _refused(batch, report, error)
        return
    record_batch(batch)
    _count(batch, report, len(batch.followers))


def _refused(batch, report, error):
    """WeChat refuses a whole batch for one follower (at 20 tags, or unfollowed): each of them is
    then tried alone, so the others are not held up; the one refused is left out and logged."""
    if isinstance(error, Refused) and error.errcode == UNKNOWN_TAG:
        log.warning("tag %s was deleted at WeChat: it is made again next time", batch.tag.name)
        unmake_tag(batch.tag)
        return
    if not (isinstance(error, LimitReached) or error.errcode == UNKNOWN_OPENID):
        raise error
    if len(batch.followers) > 1:
        for follower in batch.followers:
            _apply(Batch(batch.tag, batch.tagging, (follower,)), report)
        return
    if not batch.tagging:
        record_batch(batch)  # unfollowed: WeChat dropped their tags with them
        return
    ((follower_id, openid),) = batch.followers
    log.warning("follower %s not tagged %s: %s", follower_id, batch.tag.name, error)
    report.skipped.append((openid, error.errcode))


def _count(batch, report, count):
    if batch.tagging:
        report.tagged += count
    else:
        report.untagged += count


def _call(report, method, *args):
    report.calls += 1
    return method(*args)


def _release(lock):
    try:
        lock.release()
    except Exception:  # noqa: BLE001 - lapsed: another sync may already hold it; nothing to undo
        log.warning("tag sync lock lapsed before release")
