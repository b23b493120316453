from datetime import timedelta

from models import IdempotentResponse
from models.types import utcnow
from server.jobs.appointments import purge_idempotent_responses


def test_answers_kept_for_idempotency_keys_are_purged_after_a_day(db):
    db.session.add_all(
        [
            IdempotentResponse(
                owner="mp:o",
                key="old",
                fingerprint="f",
                status=201,
                body={},
                created_at=utcnow() - timedelta(hours=25),
            ),
            IdempotentResponse(owner="mp:o", key="new", fingerprint="f", status=201, body={}),
        ]
    )
    db.session.commit()
    purge_idempotent_responses()
    db.session.expire_all()
    assert [r.key for r in db.session.execute(db.select(IdempotentResponse)).scalars()] == ["new"]
