"""The durable floor for bench/callback.py: the baseline plus one durable write per message.

Everything bench/baseline_app.py does, plus one `INSERT ... RETURNING id` and `COMMIT` into the
app's `inbound_message` table with raw psycopg, over one connection per worker thread (as our app's
pool gives each gthread thread its own): what a single durable write per message costs on this
stack, with nothing else of our app (no ORM, no Redis, no encryption at rest, no request hooks).

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

# One connection per thread, opened after the fork: a lock-shared connection per process would let only
# one transaction per worker wait for its commit at a time, and throttle the floor below our app.
_local = threading.local()


def _connection():
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(os.environ["DATABASE_URL"])
    return connection


def record(msg, xml):
    """Insert the delivery and commit it; returns its id. The one durable write per message."""
    values = (
        hashlib.sha256(f"msg:{msg.id}".encode()).hexdigest(),  # the app's dedup key for a message
        msg.source,
        msg.type,
        _naive_utc(msg.create_time),
        _naive_utc(datetime.now(UTC)),
        xml.decode() if isinstance(xml, bytes) else xml,
        HANDLER,
    )
    connection = _connection()
    with connection.transaction():  # BEGIN, then COMMIT, or ROLLBACK if the insert fails
        return connection.execute(INSERT, values).fetchone()[0]


def _naive_utc(moment):
    # The columns are `timestamp without time zone` holding UTC, as models/types.py's UTCDateTime writes.
    return moment.astimezone(UTC).replace(tzinfo=None)


app = bare_app(__name__)


@app.post("/wechat")
def receive():
    msg, xml = open_delivery()
    record(msg, xml)
    return help_reply(msg)
