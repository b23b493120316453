"""The application factory: small register_* steps over one validated Config."""

import logging

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from models import audit, db, request_tally
from server import outbox
from server.config import Config, check_worker_count
from server.extensions import build_redis, csrf, migrate
from server.gateway import Gateway
from server.keyring import Keyring
from server.sessions import CookieSessions

UPLOAD_LIMIT = 20 * 1024 * 1024


def create_app(config=None):
    config = config or Config.from_env()
    check_worker_count(config, config.web_concurrency)
    app = Flask(__name__, instance_path=str(config.instance_dir))
    configure(app, config)
    redact_logs(config)
    trust_proxies(app, config)
    register_converters(app)
    register_extensions(app, config)
    register_session_listeners(app)
    register_blueprints(app)
    register_console(app)
    register_request_log(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def configure(app, config):
    app.config.update(
        SECRET_KEY=config.secret_key,
        SQLALCHEMY_DATABASE_URI=config.database_url,
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(config),
        MAX_CONTENT_LENGTH=UPLOAD_LIMIT,
        SESSION_COOKIE_NAME="vsn_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.production,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, which times out itself
    )
    app.json.ensure_ascii = False
    app.session_interface = CookieSessions()
    if config.embedded_database:
        config.instance_dir.mkdir(parents=True, exist_ok=True)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def redact_logs(config):
    """Mask the configured secrets, and any token, code or password in a URL or body, in every
    log line of this process (web, worker or embedded thread)."""
    from server import log_redaction

    log_redaction.install(
        config.secret_key,
        config.data_key,
        config.data_key_previous,
        config.wechat_secret,
        config.wechat_token,
        config.wechat_aes_key,
        config.wechat_aes_key_previous,
        config.miniapp_secret,
    )


def trust_proxies(app, config):
    """Behind TRUSTED_PROXIES proxies, the client's address and scheme are what the nearest of them
    says (the n-th X-Forwarded-For entry from the right); entries a client wrote itself further
    left are never read. With 0, X-Forwarded-* headers are ignored: anyone can send them."""
    if config.trusted_proxies:
        hops = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _engine_options(config):
    if config.embedded_database:
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    # No pre-ping: it costs a round trip per request; a connection lost to a database restart fails
    # one request (answered politely) and the pool replaces it. Every query is planned for its own
    # values: psycopg prepares a statement run five times, and PostgreSQL's generic plan for a search
    # (LIKE '%' || $1 || '%') reads the whole trigram index: 20-35 s at a million requests.
    custom_plans = {"options": "-c plan_cache_mode=force_custom_plan"}
    return {"pool_size": 5, "max_overflow": 10, "pool_recycle": 1800, "connect_args": custom_plans}


def register_extensions(app, config):
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    redis = build_redis(config)
    app.extensions.update(
        settings=config,
        redis=redis,
        gateway=Gateway(config, redis),
        keyring=Keyring(config.data_key, config.data_key_previous),
    )
    if config.embedded_database:
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def register_session_listeners(app):
    """What every transaction of the app's session (`db.session`) does besides its own work: audit
    rows refuse changes, the daily tally follows the requests it changed, and the outbox's jobs are
    queued once it commits. Installed once, however many apps share `db` (tests build several)."""
    session = app.extensions["sqlalchemy"].session
    for name, listener in (*audit.LISTENERS, *request_tally.LISTENERS, *outbox.LISTENERS):
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def register_blueprints(app):
    from server.api import bp as api_bp
    from server.health import bp as health_bp
    from server.policy_pages import init_policy_pages
    from server.wechat import bp as wechat_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(wechat_bp)
    app.register_blueprint(api_bp)
    init_policy_pages(app)


def register_console(app):
    from server.console import init_console
    from server.console.nav import nav_for
    from server.operations.core.personal_data import mask_address, mask_id, mask_mobile
    from server.security_headers import install as install_security_headers
    from server.timezone import local

    csrf.init_app(app)
    csrf.exempt(app.blueprints["wechat"])
    csrf.exempt(app.blueprints["api"])  # bearer tokens, no cookies: nothing for CSRF to protect
    init_console(app)
    install_security_headers(app)
    app.jinja_env.filters["localtime"] = lambda moment: local(moment).strftime("%Y-%m-%d %H:%M")
    app.jinja_env.filters.update(mask_id=mask_id, mask_mobile=mask_mobile, mask_address=mask_address)

    @app.context_processor
    def navigation():
        from flask import request
        from flask_login import current_user

        if request.blueprint != "console" or not current_user.is_authenticated:
            return {"nav": []}
        return {"nav": nav_for(current_user, request.endpoint)}


def register_request_log(app):
    from server.request_log import install

    install(app)


def register_converters(app):
    from server.errors import install_converters

    install_converters(app)  # before any blueprint adds its routes


def register_errorhandlers(app):
    from server.errors import install

    install(app)


def register_commands(app):
    from server.cli import install

    install(app)
