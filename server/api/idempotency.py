"""The `Idempotency-Key` header of the API's writes: a repeat with the same key and body gets the
first answer (status and body) and changes nothing; the same key with another body is refused.

Only answers that changed something are kept: a refused request changed nothing, so it may be sent
again with the same key. Keys are the caller's own (kept per person) and forgotten after a day.
"""

import hashlib
import json
import re
from functools import wraps

from flask import g, jsonify, request
from sqlalchemy.exc import IntegrityError

from models import db
from server.api.errors import ApiError
from server.api.texts import IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_KEY_INVALID, IDEMPOTENCY_KEY_REUSED
from server.operations.core.idempotency import claim_key, record_answer, stored_answer

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,80}")  # visible ASCII, as a header carries it
REPLAYED = "Idempotent-Replayed"


def idempotent(owner_of):
    """For a write view behind `require_session`: `owner_of()` names whose keys these are. The view
    answers with `answer(body, status)`, which keeps the answer and commits."""

    def decorate(view):
        @wraps(view)
        def with_key(*args, **kwargs):
            g.idempotency_claim = None
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            if not KEY.fullmatch(key):
                raise ApiError(400, IDEMPOTENCY_KEY_INVALID, fields={HEADER: IDEMPOTENCY_KEY_INVALID})
            owner, sent = owner_of(), _fingerprint()
            stored = stored_answer(owner, key)
            if stored is not None:
                return _replay(stored, sent)
            try:
                g.idempotency_claim = claim_key(owner, key, sent)
            except IntegrityError:  # the same key in flight: its transaction has ended by now
                db.session.rollback()
                return _replay(stored_answer(owner, key), sent)
            return view(*args, **kwargs)

        return with_key

    return decorate


def answer(body, status=200):
    """Commit the view's work with its answer (kept when the request came with a key)."""
    claim = g.get("idempotency_claim")
    if claim is not None:
        record_answer(claim, status, body)
    db.session.commit()
    return jsonify(body), status


def _replay(stored, sent):
    if stored is None:  # the racing request failed and kept nothing: this one may be sent again
        raise ApiError(409, IDEMPOTENCY_IN_FLIGHT, code="conflict")
    if stored.fingerprint != sent:
        fields = {HEADER: IDEMPOTENCY_KEY_REUSED}
        raise ApiError(422, IDEMPOTENCY_KEY_REUSED, code="idempotency_key_reused", fields=fields)
    response = jsonify(stored.body)
    response.status_code = stored.status
    response.headers[REPLAYED] = "true"
    return response


def _fingerprint():
    return fingerprint(request.method, request.path, request.get_data(cache=True))


def fingerprint(method, path, raw):
    """The method, path and body: the same JSON in another key order or spacing is the same body."""
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, ensure_ascii=False).encode()
    except ValueError:
        body = raw
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()
