"""The durable floor for bench/callback.py: the baseline plus one durable write per message.

Everything bench/baseline_app.py does, plus one `INSERT ... RETURNING id` and `COMMIT` into the
app's `inbound_message` table with raw psycopg, over one connection per worker process: what a
single durable write per message costs on this stack, with nothing else of our app (no ORM, no
Redis, no encryption at rest, no request hooks).

Run as `gunicorn -c gunicorn.conf.py bench.durable_floor_app:app` with DATABASE_URL set.
"""

import hashlib
import os
import threading
from datetime import UTC, datetime

import psycopg

from bench.baseline_app import bare_app, help_reply, open_delivery

HANDLER = "bench.durable_floor"  # marks the floor's rows, which bench/callback.py leaves out of its check
INSERT = (
    "INSERT INTO inbound_message (dedupe_key, openid, msg_type, sent_at, received_at, body, status, handler)"
    " VALUES (%s, %s, %s, %s, %s, %s, 'replied', %s) RETURNING id"
)

_lock = threading.Lock()  # one connection per process, shared by its threads (gunicorn gthread)
_connection = None


def record(msg, xml):
    """Insert the delivery and commit it; returns its id. The one durable write per message."""
    global _connection
    values = (
        hashlib.sha256(f"msg:{msg.id}".encode()).hexdigest(),  # the app's dedup key for a message
        msg.source,
        msg.type,
        _naive_utc(msg.create_time),
        _naive_utc(datetime.now(UTC)),
        xml.decode() if isinstance(xml, bytes) else xml,
        HANDLER,
    )
    with _lock:
        if _connection is None or _connection.closed:
            _connection = psycopg.connect(os.environ["DATABASE_URL"])  # after the fork: this worker's own
        inbound_id = _connection.execute(INSERT, values).fetchone()[0]
        _connection.commit()
    return inbound_id


def _naive_utc(moment):
    # The columns are `timestamp without time zone` holding UTC, as models/types.py's UTCDateTime writes.
    return moment.astimezone(UTC).replace(tzinfo=None)


app = bare_app(__name__)


@app.post("/wechat")
def receive():
    msg, xml = open_delivery()
    record(msg, xml)
    return help_reply(msg)
