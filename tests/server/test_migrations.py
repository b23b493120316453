import os

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, select, text

from models import Notification, RequestEvent, ServiceRequest, db
from server import create_app
from server.operations.core.audit import Actor
from server.operations.service_requests.replies import reply_to_request
from tests.support.databases import postgres_for_worker
from tests.support.network import build_network
from tests.support.policies import topic, write_article
from tests.support.request_stats import add_scenario, tally_rows
from tests.support.requests import file


def test_migrations_build_exactly_the_models(app_ctx):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def _fresh_database_url(tmp_path, worker_id):
    if os.environ.get("TEST_DATABASE_URL"):
        return postgres_for_worker(os.environ["TEST_DATABASE_URL"] + "_migrations", worker_id)
    return f"sqlite:///{tmp_path / 'migrations.db'}"


def test_renaming_template_url_keeps_the_replies_pointing_at_notifications(settings, tmp_path, worker_id):
    app = create_app(settings.replace(database_url=_fresh_database_url(tmp_path, worker_id)))
    with app.app_context():
        flask_migrate.upgrade()
        network = build_network()
        request = file(network, openid="oMigrate")
        reply_to_request(request, "已收到，正在办理。", Actor.system("测试"))
        db.session.commit()
        flask_migrate.downgrade(revision="0005")
        flask_migrate.upgrade()  # 0006 again, with a reply's event pointing at its notification
        event = db.session.scalars(select(RequestEvent).filter_by(kind="reply")).one()
        assert db.session.get(Notification, event.notification_id).template_page.endswith(request.number)
        db.session.remove()
        db.engine.dispose()


def test_the_daily_tally_is_filled_in_from_the_requests_already_there(settings, tmp_path, worker_id):
    """The scenario around National Day: 0008 counts the working days across the holidays and the
    make-up Saturday as the operations did, and adds every request up at its stations."""
    app = create_app(settings.replace(database_url=_fresh_database_url(tmp_path, worker_id)))
    with app.app_context():
        flask_migrate.upgrade()
        add_scenario(build_network())
        durations = select(ServiceRequest.id, ServiceRequest.response_days, ServiceRequest.resolution_days)
        kept, days = tally_rows(), db.session.execute(durations.order_by(ServiceRequest.id)).all()
        assert kept and {d for _, *both in days for d in both} > {None, 0}
        db.session.rollback()  # no read left open to block the migration's DDL on PostgreSQL
        flask_migrate.downgrade(revision="0007")
        flask_migrate.upgrade()
        assert tally_rows() == kept
        assert db.session.execute(durations.order_by(ServiceRequest.id)).all() == days
        db.session.remove()
        db.engine.dispose()


# What 0005 made when it first ran, before it gained these (migration 0007 adds what is missing).
FIRST_0005_LACKED = ("ix_service_request_open", "ix_service_request_merged")
FIRST_0005_NARROW = {
    "ix_service_request_queue": "station_id, state, id",
    "ix_service_request_created_at": "created_at",
}


def test_a_database_made_by_the_first_0005_is_brought_to_what_0005_makes_now(settings, tmp_path, worker_id):
    app = create_app(settings.replace(database_url=_fresh_database_url(tmp_path, worker_id)))
    with app.app_context():
        flask_migrate.upgrade(revision="0006")
        postgresql = db.engine.dialect.name == "postgresql"
        with db.engine.begin() as connection:  # back to the first 0005's schema
            for name in FIRST_0005_LACKED:
                connection.execute(text(f"DROP INDEX {name}"))
            if postgresql:
                connection.execute(text("DROP INDEX ix_service_request_bigrams"))
                connection.execute(text("DROP FUNCTION request_bigrams(text, text)"))
                for name, columns in FIRST_0005_NARROW.items():
                    connection.execute(text(f"DROP INDEX {name}"))
                    connection.execute(text(f"CREATE INDEX {name} ON service_request ({columns})"))
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
            if postgresql:
                assert "火灾" in connection.scalar(text("SELECT request_bigrams('火灾', '')"))
                definitions = connection.execute(text("SELECT indexname, indexdef FROM pg_indexes")).all()
                assert all("INCLUDE" in d for n, d in definitions if n in FIRST_0005_NARROW)
        db.engine.dispose()


def test_upgrade_downgrade_upgrade_on_a_fresh_database(settings, tmp_path, worker_id):
    app = create_app(settings.replace(database_url=_fresh_database_url(tmp_path, worker_id)))
    with app.app_context():
        flask_migrate.upgrade()
        assert {"follower", "inbound_message"} <= set(inspect(db.engine).get_table_names())
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert "inbound_message" in inspect(db.engine).get_table_names()
        db.engine.dispose()


POLICY_TABLES = {
    *("policy_topic", "policy_article", "policy_article_topic", "policy_article_category"),
    "policy_attachment",
}


def test_the_policy_library_goes_and_comes_back_whole(settings, tmp_path, worker_id):
    app = create_app(settings.replace(database_url=_fresh_database_url(tmp_path, worker_id)))
    with app.app_context():
        flask_migrate.upgrade()
        article = write_article(build_network(), published=True, pdf=True, topic_ids=[topic().id])
        db.session.commit()
        assert article.attachments and article.topics
        db.session.remove()
        flask_migrate.downgrade(revision=_revision_before("0014_p"))
        tables = set(inspect(db.engine).get_table_names())
        assert not tables & POLICY_TABLES and "original_text" in tables
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
        db.engine.dispose()


def _revision_before(revision):
    """The revision `revision` follows (read from its file, so re-pointing it keeps this test true)."""
    scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return scripts.get_revision(revision).down_revision
