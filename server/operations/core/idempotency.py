"""Answers kept for requests sent with an `Idempotency-Key`, so a repeat (a double tap, a retry after
a lost answer) gets the first answer instead of doing the work again.

A request claims its key before it changes anything and writes its answer in the same transaction,
so a repeat finds both the work and the answer, or neither. Two requests racing with one key meet
at the claim: the table's primary key makes the second INSERT wait for the first transaction and
then fail, and the loser reads the winner's answer."""

from datetime import timedelta

from sqlalchemy import delete, select

from models import IdempotentResponse, db
from models.types import utcnow

KEEP = timedelta(hours=24)
CLAIMED = 0  # the status of a claim whose answer is not written yet (never seen by anyone else)


def stored_answer(owner, key):
    """The answer kept for `owner`'s `key`, or None."""
    return db.session.execute(
        select(IdempotentResponse).where(
            IdempotentResponse.owner == owner,
            IdempotentResponse.key == key,
            IdempotentResponse.status != CLAIMED,
        )
    ).scalar_one_or_none()


def claim_key(owner, key, fingerprint):
    """Claim `key` for this request; IntegrityError when another request holds it (after that one's
    transaction ends, on PostgreSQL and SQLite alike)."""
    claim = IdempotentResponse(owner=owner, key=key, fingerprint=fingerprint, status=CLAIMED, body={})
    db.session.add(claim)
    db.session.flush()
    return claim


def record_answer(claim, status, body):
    claim.status, claim.body = status, body
    db.session.flush()


def purge_answers(now=None):
    """Forget answers older than a day; returns how many."""
    cutoff = (now or utcnow()) - KEEP
    result = db.session.execute(delete(IdempotentResponse).where(IdempotentResponse.created_at < cutoff))
    return result.rowcount
