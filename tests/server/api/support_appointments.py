"""Mini-program callers for the appointment tests: sessions opened in the database (the login
endpoint is rate-limited per address, and these tests need many callers)."""

from models import db
from server.api.sessions import open_session, token_for


def callers(count, prefix="oBook"):
    """Bearer headers of `count` different mini-program users (needs an app context)."""
    headers = []
    for n in range(count):
        session = open_session(f"{prefix}{n}", None, f"key-{n}")
        headers.append({"Authorization": f"Bearer {token_for(session)}"})
    db.session.commit()
    return headers


def start_of(slot):
    return slot.local_start.isoformat()
