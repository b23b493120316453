"""One PostgreSQL database and one Redis database number per pytest-xdist worker; emptying them
after a test, and copying rows in (a fixture's data built once, copied for each test)."""

import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
from sqlalchemy import func, select, text

from models import db

REFERENCE_TABLES = {
    "veteran_category",
    "request_category",
}  # rows the migrations seed; tests leave them as they are (the `reference_tables` fixture restores)


def _worker_number(worker_id):
    return 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))


def postgres_for_worker(url, worker_id):
    """Create (or empty) `<name>_<worker>` on the server in `url`; returns its SQLAlchemy URL."""
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    name = f"{parts.path.lstrip('/') or 'veterans_test'}_{worker_id}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(scheme="postgresql+psycopg", path=f"/{name}"))


def redis_for_worker(url, worker_id, base=8):
    """Database `base` (the URL's own number when it names one above 0) + worker number."""
    parts = urlsplit(url)
    named = parts.path.strip("/")
    first = int(named) if named.isdigit() and int(named) > 0 else base
    return urlunsplit(parts._replace(path=f"/{first + _worker_number(worker_id)}"))


def seeded_tables():
    """The reference tables, parents first."""
    return [t for t in db.metadata.sorted_tables if t.name in REFERENCE_TABLES]


def filled_tables(keep=REFERENCE_TABLES):
    """The tables a test fills, parents first."""
    return [t for t in db.metadata.sorted_tables if t.name not in keep]


def empty_database(app, keep=REFERENCE_TABLES):
    """Delete what the test wrote: every table but those in `keep`, and Redis."""
    with app.app_context():
        db.session.remove()
        names = [t.name for t in reversed(filled_tables(keep))]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        else:
            for name in names:
                db.session.execute(text(f"DELETE FROM {name}"))
        db.session.commit()
        app.extensions["redis"].flushdb()


def rows_of(tables):
    """{table: its rows as dicts, in key order}, to give `copy_rows` later."""
    return {t: db.session.execute(select(t).order_by(*t.primary_key)).mappings().all() for t in tables}


def copy_rows(rows):
    """Insert rows taken by `rows_of`, keys and all; PostgreSQL's sequences then continue after them,
    as they would had the rows been added one by one."""
    for table, table_rows in rows.items():
        if table_rows:
            db.session.execute(table.insert(), [dict(row) for row in table_rows])
    if db.engine.dialect.name == "postgresql":
        for table, table_rows in rows.items():
            key = table.autoincrement_column
            if table_rows and key is not None:
                last = db.session.scalar(select(func.max(key)))
                db.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, :column), :last)"),
                    {"table": table.name, "column": key.name, "last": last},
                )
    db.session.commit()


def another_waits_for_this_session(seconds=10):
    """True once another PostgreSQL session waits for a lock the test's session holds (False after
    `seconds`): the barrier before checking that a concurrent transaction is held up."""
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    deadline = time.monotonic() + seconds
    with db.engine.connect() as watcher:
        while time.monotonic() < deadline:
            if watcher.scalar(waiting, {"pid": pid}):
                return True
            watcher.rollback()  # the next look sees the activity afresh
            time.sleep(0.01)
    return False
