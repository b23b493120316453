"""One PostgreSQL database and one Redis database number per pytest-xdist worker."""

from urllib.parse import urlsplit, urlunsplit

import psycopg


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
