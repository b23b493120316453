"""Redis going away in the middle of a test, and coming back."""

import fakeredis
import pytest
import redis as redis_library

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every call is refused at once


class RedisOutage:
    """`stop()`: every call the app makes to Redis from now on fails as with a real outage;
    `start()`: Redis is back with what it held before."""

    def __init__(self, app):
        self.app = app
        self.saved = None

    def stop(self):
        current = self.app.extensions["redis"]
        if isinstance(current, fakeredis.FakeRedis):
            current.connection_pool.connection_kwargs["server"].connected = False
        elif self.saved is None:
            self.saved = current
            self.app.extensions["redis"] = redis_library.Redis.from_url(CLOSED, socket_connect_timeout=1)

    def start(self):
        current = self.app.extensions["redis"]
        if isinstance(current, fakeredis.FakeRedis):
            current.connection_pool.connection_kwargs["server"].connected = True
        elif self.saved is not None:
            self.app.extensions["redis"], self.saved = self.saved, None


@pytest.fixture
def redis_outage(app):
    outage = RedisOutage(app)
    yield outage
    outage.start()
