"""Extensions bound in the factory, and accessors for the per-app Redis client and gateway."""

from pathlib import Path

import fakeredis
import redis
from flask import current_app
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

migrate = Migrate(directory=str(Path(__file__).resolve().parent / "migrations"))
csrf = CSRFProtect()


def build_redis(config):
    if config.embedded_redis:
        # One private in-memory server per app: the factory refuses this with several workers.
        return fakeredis.FakeRedis(server=fakeredis.FakeServer())
    return redis.Redis.from_url(
        config.redis_url, socket_timeout=3, socket_connect_timeout=3, health_check_interval=30
    )


def redis_client():
    return current_app.extensions["redis"]


def gateway():
    return current_app.extensions["gateway"]


def keyring():
    return current_app.extensions["keyring"]


def settings():
    return current_app.extensions["settings"]
