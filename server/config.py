"""Configuration read from the environment, inside the app factory, and validated at start."""

import base64
import binascii
import os
from dataclasses import dataclass, fields
from pathlib import Path

from server.gateway.templates import TEMPLATES
from server.wechat_protocol.messages import ACCOUNT_ID
from server.wechat_protocol.modes import MODES, PLAIN, SAFE

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"  # the default; INSTANCE_DIR overrides
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
REAL_WECHAT_API = "https://api.weixin.qq.com/"

# Demo values let `make run` work with no set-up. They are public, so production refuses them.
DEMO = {
    "SECRET_KEY": "demo-secret-key-do-not-use-in-production",
    "DATA_KEY": "ZGVtby1kYXRhLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
    "WECHAT_APPID": "wxdemo0000000000",
    "WECHAT_SECRET": "demo-wechat-secret",
    "WECHAT_TOKEN": "demotoken",
    "WECHAT_AES_KEY": "DemoAesKeyDemoAesKeyDemoAesKeyDemoAesKeyDem",
    "MINIAPP_APPID": "wxdemominiapp000",
    "MINIAPP_SECRET": "demo-miniapp-secret",
}
SANDBOX_ACCOUNT_ID = "gh_sandbox0000"  # the sandbox's official account (demo: production refuses it)
PRODUCTION_NAMES = ("production", "prod")
NEW_KEY_COMMAND = (
    "python -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'"
)


FLAG_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class ConfigError(Exception):
    """Raised at start with one line per missing or malformed setting."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("configuration is not usable:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Config:
    env: str
    database_url: str
    redis_url: str | None  # None: the in-process stand-in (fakeredis)
    secret_key: str
    data_key: str
    data_key_previous: str | None
    wechat_appid: str
    wechat_secret: str
    wechat_token: str
    wechat_aes_key: str | None  # None only in plain mode, which needs no EncodingAESKey
    wechat_aes_key_previous: str | None
    wechat_message_mode: str  # plain, compatible or safe, as chosen in WeChat's admin console
    wechat_account_id: str | None  # the gh_ id; when set, every message must be addressed to it
    wechat_api_base: str
    miniapp_appid: str
    miniapp_secret: str
    wechat_templates: dict  # template key -> this account's template id
    wechat_timestamp_window: int = 300
    wechat_max_body: int = 256 * 1024
    inbound_retention_days: int = 180
    dialog_ttl: int = 1800
    web_concurrency: int = 1
    http_timeout: float = 5.0
    trusted_proxies: int = 0  # proxies in front that append to X-Forwarded-For (ProxyFix hops)
    instance_dir: Path = INSTANCE_DIR  # the SQLite database and the sandbox's state
    poster_font: str | None = None  # a Chinese font file for posters; None: the usual Debian paths
    open_bookings_limit: int = 3  # bookings a person may hold at once, online
    no_show_limit: int = 3  # this many no-shows within `no_show_window_days` hold online booking
    no_show_window_days: int = 90
    no_show_hold_days: int = 30
    no_show_grace_minutes: int = 30  # after a slot's end, before the sweep calls it a no-show
    push_approval_required: bool = True  # a broadcaster's push waits for a supervisor's approval
    public_base_url: str | None = None  # what links in chat start with (news cards); None: the request's host

    @property
    def production(self):
        return self.env in PRODUCTION_NAMES

    @property
    def embedded_redis(self):
        return self.redis_url is None

    @property
    def embedded_database(self):
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ=None):
        """Build and validate a Config from an environment mapping (os.environ by default)."""
        env = dict(os.environ if environ is None else environ)
        reader = _Reader(env)
        config = reader.build(cls)
        if reader.problems:
            raise ConfigError(reader.problems)
        return config

    def replace(self, **changes):
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Config(**values)


class _Reader:
    def __init__(self, env):
        self.env = env
        self.problems = []
        self.stage = (env.get("APP_ENV") or env.get("FLASK_ENV") or "development").strip().lower()
        self.production = self.stage in PRODUCTION_NAMES

    def build(self, cls):
        mode = self.message_mode()
        instance_dir = Path(self.raw("INSTANCE_DIR") or INSTANCE_DIR).resolve()
        return cls(
            env=self.stage,
            database_url=self.database_url(instance_dir),
            redis_url=self.redis_url(),
            secret_key=self.secret("SECRET_KEY", min_length=16),
            data_key=self.fernet_key("DATA_KEY"),
            data_key_previous=self.fernet_key("DATA_KEY_PREVIOUS", optional=True),
            wechat_appid=self.secret("WECHAT_APPID"),
            wechat_secret=self.secret("WECHAT_SECRET"),
            wechat_token=self.token("WECHAT_TOKEN"),
            wechat_aes_key=self.aes_key("WECHAT_AES_KEY", optional=mode == PLAIN),
            wechat_aes_key_previous=self.aes_key("WECHAT_AES_KEY_PREVIOUS", optional=True),
            wechat_message_mode=mode,
            wechat_account_id=self.account_id("WECHAT_ACCOUNT_ID"),
            wechat_api_base=self.url("WECHAT_API_BASE", REAL_WECHAT_API),
            miniapp_appid=self.secret("MINIAPP_APPID"),
            miniapp_secret=self.secret("MINIAPP_SECRET"),
            wechat_templates=self.templates(),
            wechat_timestamp_window=self.integer("WECHAT_TIMESTAMP_WINDOW", 300, minimum=1),
            inbound_retention_days=self.integer("INBOUND_RETENTION_DAYS", 180, minimum=1),
            dialog_ttl=self.integer("DIALOG_TTL", 1800, minimum=60),
            web_concurrency=self.integer("WEB_CONCURRENCY", 1, minimum=1),
            http_timeout=float(self.integer("WECHAT_HTTP_TIMEOUT", 5, minimum=1)),
            trusted_proxies=self.integer("TRUSTED_PROXIES", 0, minimum=0),
            instance_dir=instance_dir,
            poster_font=self.font_path("POSTER_FONT"),
            open_bookings_limit=self.integer("OPEN_BOOKINGS_LIMIT", 3, minimum=1),
            no_show_limit=self.integer("NO_SHOW_LIMIT", 3, minimum=1),
            no_show_window_days=self.integer("NO_SHOW_WINDOW_DAYS", 90, minimum=1),
            no_show_hold_days=self.integer("NO_SHOW_HOLD_DAYS", 30, minimum=0),
            no_show_grace_minutes=self.integer("NO_SHOW_GRACE_MINUTES", 30, minimum=0),
            push_approval_required=self.flag("PUSH_APPROVAL_REQUIRED", True),
            public_base_url=self.url("PUBLIC_BASE_URL", None) if self.raw("PUBLIC_BASE_URL") else None,
        )

    def raw(self, name):
        value = self.env.get(name)
        return value.strip() if value and value.strip() else None

    def embedded(self, name, default):
        """A default for development; in production the setting is required."""
        if self.production:
            self.problems.append(f"{name} is not set; production does not use the embedded default")
        return default

    def database_url(self, instance_dir):
        value = self.raw("DATABASE_URL")
        if value is None:
            return self.embedded("DATABASE_URL", f"sqlite:///{instance_dir / 'veterans.db'}")
        if value.startswith("postgres://"):
            value = "postgresql://" + value[len("postgres://") :]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        if not value.startswith(("postgresql+psycopg://", "sqlite:")):
            self.problems.append("DATABASE_URL must be a postgresql:// or sqlite:/// URL")
        elif self.production and value.startswith("sqlite"):
            self.problems.append("DATABASE_URL is SQLite; production needs PostgreSQL")
        return value

    def redis_url(self):
        value = self.raw("REDIS_URL")
        if value is None:
            self.embedded("REDIS_URL", None)
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            self.problems.append("REDIS_URL must start with redis://, rediss:// or unix://")
        return value

    def secret(self, name, min_length=1):
        value = self.raw(name)
        if value is None:
            return self.embedded(name, DEMO[name])
        if self.production and value == DEMO[name]:
            self.problems.append(f"{name} is the public demo value; set a real one for production")
        if len(value) < min_length:
            self.problems.append(f"{name} must be at least {min_length} characters")
        return value

    def templates(self):
        ids = {}
        for spec in TEMPLATES.values():
            ids[spec.key] = self.raw(spec.env_name) or self.embedded(spec.env_name, spec.sandbox_id)
        return ids

    def token(self, name):
        value = self.secret(name)
        if not (3 <= len(value) <= 32 and value.isalnum()):
            self.problems.append(f"{name} must be 3-32 letters or digits (WeChat's rule for the token)")
        return value

    def aes_key(self, name, optional=False):
        value = self.raw(name) if optional else self.secret(name)
        if value is None:
            return None
        try:
            ok = len(value) == 43 and len(base64.b64decode(value + "=", validate=True)) == 32
        except (binascii.Error, ValueError):
            ok = False
        if not ok:
            self.problems.append(f"{name} must be WeChat's 43-character EncodingAESKey")
        return value

    def message_mode(self):
        """WECHAT_MESSAGE_MODE, safe by default: the EncodingAESKey is then required (the demo one in
        development); plain mode needs none."""
        value = self.raw("WECHAT_MESSAGE_MODE")
        if value is None:
            return SAFE
        if value.lower() not in MODES:
            self.problems.append(
                f"WECHAT_MESSAGE_MODE must be one of {', '.join(MODES)} (as chosen in WeChat's admin "
                f"console), not {value!r}"
            )
            return SAFE
        return value.lower()

    def account_id(self, name):
        value = self.raw(name)
        if value is None:
            return None
        if not (value.startswith("gh_") and ACCOUNT_ID.fullmatch(value)):
            self.problems.append(f"{name} must be the account's original id, gh_ and letters or digits")
        elif self.production and value == SANDBOX_ACCOUNT_ID:
            self.problems.append(f"{name} is the sandbox's demo id; set the account's own for production")
        return value

    def fernet_key(self, name, optional=False):
        value = self.raw(name) if optional else self.secret(name)
        if value is None:
            return None
        try:
            ok = len(base64.urlsafe_b64decode(value.encode())) == 32
        except (binascii.Error, ValueError):
            ok = False
        if not ok:
            self.problems.append(
                f"{name} must be 32 random bytes in URL-safe base64, e.g. from: {NEW_KEY_COMMAND}"
            )
        return value

    def url(self, name, default):
        value = self.raw(name) or default
        if not value.startswith(("http://", "https://")):
            self.problems.append(f"{name} must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    def font_path(self, name):
        """A font file's absolute path. It need not exist yet: posters look for it on every request."""
        value = self.raw(name)
        if value is not None and not (value.startswith("/") and value.lower().endswith(FONT_SUFFIXES)):
            self.problems.append(f"{name} must be the absolute path of a .ttf, .ttc or .otf font file")
        return value

    def flag(self, name, default):
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() not in FLAG_WORDS:
            self.problems.append(f"{name} must be true or false, not {value!r}")
            return default
        return FLAG_WORDS[value.lower()]

    def integer(self, name, default, minimum):
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            self.problems.append(f"{name} must be a whole number, not {value!r}")
            return default
        if number < minimum:
            self.problems.append(f"{name} must be at least {minimum}")
        return number


def check_worker_count(config, workers):
    """The stand-in Redis lives inside one process; several workers would each have their own."""
    if config.embedded_redis and workers > 1:
        raise ConfigError(
            [
                f"REDIS_URL is not set, so the embedded Redis stand-in would be used, but {workers} worker "
                "processes would each get a private copy: dedup locks, dialog state and the token cache "
                "would not be shared. Set REDIS_URL to a real Redis, or run a single worker."
            ]
        )
