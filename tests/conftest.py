"""Fixtures: app, client, db, redis, push/deliver (WeChat's side of /wechat), wechat (the sandbox), jobs.

The suite runs on the embedded defaults (SQLite + fakeredis) unless TEST_DATABASE_URL and
TEST_REDIS_URL point at PostgreSQL and Redis (`make test` runs both passes).
"""

import contextvars
import os
import threading

import flask_migrate
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry
from werkzeug.serving import make_server

from models import db as _db
from server import create_app
from server.config import SANDBOX_ACCOUNT_ID, Config
from server.jobs import queues
from server.sandbox import pushback
from server.sandbox.app import create_sandbox_app
from server.sandbox.push import Push
from tests.support.databases import (
    copy_rows,
    empty_database,
    postgres_for_worker,
    redis_for_worker,
    rows_of,
    seeded_tables,
)
from tests.support.sandbox import SandboxClient


def serve(wsgi_app):
    """Serve a WSGI app on a free loopback port in a thread; returns (url, stop)."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join()

    return f"http://127.0.0.1:{server.server_port}", stop


def base_env(tmp_path_factory, worker_id):
    env = {"APP_ENV": "test", "WECHAT_HTTP_TIMEOUT": "2", "WECHAT_ACCOUNT_ID": SANDBOX_ACCOUNT_ID}
    if os.environ.get("TEST_DATABASE_URL"):
        env["DATABASE_URL"] = postgres_for_worker(os.environ["TEST_DATABASE_URL"], worker_id)
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if os.environ.get("TEST_REDIS_URL"):
        env["REDIS_URL"] = redis_for_worker(os.environ["TEST_REDIS_URL"], worker_id)
    return env


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Argon2 with production costs takes ~0.1 s a hash; tests hash hundreds of passwords."""
    from argon2 import PasswordHasher

    from server.operations.network import staff

    staff.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def sandbox():
    """The WeChat sandbox on a loopback port; the app under test calls it as it would call WeChat."""
    sandbox_app = create_sandbox_app(Config.from_env({"APP_ENV": "test"}), callback_url=None)
    url, stop = serve(sandbox_app)
    sandbox_app.url = url
    yield sandbox_app
    stop()


@pytest.fixture(scope="session")
def env(tmp_path_factory, worker_id, sandbox):
    return base_env(tmp_path_factory, worker_id) | {"WECHAT_API_BASE": sandbox.url}


@pytest.fixture(scope="session")
def settings(env):
    return Config.from_env(env)


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as behind a real server, even when the test holds
    one (for `db`): nothing cached in `g` or the session leaks between requests. Afterwards the
    test's own session is expired, so it reads what the request committed. A streamed body is read
    in that context too, as a server reads it before the request is over."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            _db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(settings):
    app = create_app(settings)
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()
    return app


@pytest.fixture(autouse=True)
def _clean_state(request):
    yield
    if "app" not in request.fixturenames:
        return
    pushback.settle()  # the sandbox's late events (MASSSENDJOBFINISH...) land in this test, not the next
    empty_database(request.getfixturevalue("app"))


@pytest.fixture
def reference_tables(app):
    """For a test that changes the categories the migrations seed: they are put back as they were."""
    with app.app_context():
        kept = rows_of(seeded_tables())
    yield
    if has_app_context():
        _db.session.remove()  # the test's own session lets go of the tables
    empty_database(app, keep=())
    with app.app_context():
        copy_rows(kept)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def db(app_ctx):
    yield _db
    _db.session.remove()


@pytest.fixture
def redis(app):
    return app.extensions["redis"]


@pytest.fixture
def keyring(app):
    return app.extensions["keyring"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def configure(app, settings):
    """`configure(**changes)`: the app runs with these settings (Config field names) until the test ends."""

    def change(**changes):
        app.extensions["settings"] = app.extensions["settings"].replace(**changes)
        return app.extensions["settings"]

    yield change
    app.extensions["settings"] = settings


@pytest.fixture
def push(settings):
    """Builds deliveries to /wechat as WeChat would, in safe mode unless told otherwise."""
    return Push(
        settings.wechat_token,
        settings.wechat_appid,
        settings.wechat_aes_key,
        account=settings.wechat_account_id,
    )


@pytest.fixture
def deliver(client, push):
    """POST a message to /wechat; returns (response, reply fields)."""

    def send(fields, mode=None, **sign_args):
        query, body = push.sign(fields, mode=mode, **sign_args)
        response = client.post("/wechat", query_string=query, data=body)
        reply = push.open_reply(response.data, query) if response.status_code == 200 else None
        return response, reply

    return send


@pytest.fixture
def jobs(app):
    """`jobs.run()` runs every queued job in this thread, as a worker would."""

    class Jobs:
        def run(self):
            connection = app.extensions["redis"]
            self._end_test_transaction()
            with app.app_context():
                SimpleWorker(queues(connection), connection=connection).work(
                    burst=True, logging_level="WARNING"
                )
            self._end_test_transaction()

        @staticmethod
        def _end_test_transaction():
            """The test's own session sees what the jobs committed, as the next request would
            (otherwise SQLite's snapshot or the identity map can show the row as it was)."""
            if has_app_context():
                _db.session.commit()

        def run_retries(self):
            """Run jobs waiting to be retried now instead of after their back-off."""
            for queue in queues(app.extensions["redis"]):
                registry = ScheduledJobRegistry(queue=queue)
                for job_id in registry.get_job_ids():
                    job = queue.fetch_job(job_id)
                    registry.remove(job)
                    queue.enqueue_job(job)
            self.run()

    return Jobs()


@pytest.fixture(scope="session")
def live_app(app, sandbox):
    """The app over real HTTP on a loopback port (threaded); the sandbox delivers to its /wechat."""
    url, stop = serve(app)
    sandbox.config["SANDBOX_CALLBACK_URL"] = f"{url}/wechat"
    yield url
    stop()


@pytest.fixture
def wechat(sandbox, live_app):
    """The sandbox, reset for this test: act as users, read the outbox, inject faults."""
    client = SandboxClient(sandbox.url)
    client.reset()
    return client


from tests.support.appointments import appointments  # noqa: E402, F401
from tests.support.browser import browser, page  # noqa: E402, F401
from tests.support.network import built_network, network  # noqa: E402, F401
from tests.support.outage import redis_outage  # noqa: E402, F401
from tests.support.wechat_outage import wechat_outage  # noqa: E402, F401
