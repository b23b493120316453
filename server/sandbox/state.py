"""The sandbox's world, in memory: apps, tokens, users and their windows, outbox, faults, quotas.

One process holds it (the sandbox is its own small server); a lock serialises changes. Users and
QR codes are also kept in a JSON file (instance/sandbox.json under `make run`), so a restart keeps
the people and the station codes a developer made.
"""

import json
import logging
import os
import secrets
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field

log = logging.getLogger(__name__)

TOKEN_LIFE = 7200
OVERLAP = 300  # a replaced token keeps working for five minutes
WINDOW = 48 * 3600
WINDOW_MESSAGES = 5
EVENT_WINDOW, EVENT_MESSAGES = 60, 3
MINIAPP_SUFFIX = "_mp"  # a user's mini-program openid is their openid with this suffix
DAILY_QUOTA = {"/cgi-bin/token": 2000, "/cgi-bin/stable_token": 10000, "stable_token:force": 20}


@dataclass
class Token:
    value: str
    appid: str
    expires_at: float
    retired_at: float | None = None  # replaced: valid until retired_at + OVERLAP


@dataclass
class User:
    openid: str
    nickname: str
    appid: str
    subscribed: bool = False
    unionid: str | None = None
    last_message_at: float | None = None
    last_event_at: float | None = None
    sent_since_message: int = 0
    sent_since_event: int = 0
    tags: set = field(default_factory=set)
    mass_received: dict = field(default_factory=dict)  # "YYYY-MM" -> count
    # Mini-program subscribe messages: template id -> taps on 允许 not yet used (one message each)
    subscriptions: dict = field(default_factory=dict)


@dataclass
class Faults:
    latency_ms: int = 0
    error_rate: float = 0.0
    errcodes: dict = field(default_factory=dict)  # path -> errcode to answer
    timeout_paths: list = field(default_factory=list)  # paths that hang for `timeout_seconds`
    timeout_seconds: float = 10.0

    def as_dict(self):
        return {
            "latency_ms": self.latency_ms,
            "error_rate": self.error_rate,
            "errcodes": self.errcodes,
            "timeout_paths": self.timeout_paths,
            "timeout_seconds": self.timeout_seconds,
        }


class SandboxState:
    def __init__(self, apps, miniapp_appid, path=None, latency_ms=0):
        self.apps = dict(apps)  # appid -> secret (the official account and the mini-program)
        self.miniapp_appid = miniapp_appid  # the one a template message may open
        self.path = path  # the JSON file users, tags and QR codes are kept in; None: memory only
        self.latency_ms = latency_ms  # every API call's delay when no fault says otherwise
        self.lock = threading.RLock()
        self.clock_offset = 0.0
        self.reset()
        self.load()

    def reset(self):
        with self.lock:
            self.tokens = {}
            self.current = {}  # (appid, kind) -> token value; kind is "token" or "stable"
            self.users = {}
            self.outbox = []
            self.faults = self.no_faults()
            self.quota = {}
            self.menu = {}
            self.extra = {}  # per-feature stores (tags, QR tickets, media, codes, mass sends...)
            self.clock_offset = 0.0

    def now(self):
        return time.time() + self.clock_offset

    def no_faults(self):
        """Faults as the sandbox started: none, but the configured latency (SANDBOX_LATENCY_MS)."""
        return Faults(latency_ms=self.latency_ms)

    # Kept across restarts
    def load(self):
        if self.path is None or not self.path.exists():
            return
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            users = {u["openid"]: _user_from(u) for u in saved["users"]}
            qrcodes = dict(saved["qrcodes"])
            tags = {int(tag_id): name for tag_id, name in saved.get("tags", {}).items()}
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.warning("sandbox state %s is unreadable, starting without it: %s", self.path, error)
            return
        with self.lock:
            self.users = users
            self.extra["qrcodes"] = qrcodes
            self.extra["tags"] = tags

    def save(self):
        """Write users, tags and QR codes to `path` at once: a crash leaves the old file or the new one."""
        if self.path is None:
            return
        with self.lock:
            saved = {
                "users": [_user_to(u) for u in self.users.values()],
                "qrcodes": self.extra.get("qrcodes", {}),
                "tags": self.extra.get("tags", {}),
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".sandbox-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(saved, out, ensure_ascii=False, indent=1)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise

    # Outbox
    def record(self, path, appid, body, result, **facts):
        with self.lock:
            entry = {
                "id": len(self.outbox) + 1,
                "at": self.now(),
                "path": path,
                "appid": appid,
                "body": body,
                "result": result,
                **facts,
            }
            self.outbox.append(entry)
            return entry

    # Quotas
    def spend(self, name, appid):
        """Count one call against today's quota; False when the quota is used up."""
        with self.lock:
            key = (name, appid, time.strftime("%Y-%m-%d", time.gmtime(self.now() + 8 * 3600)))
            self.quota[key] = self.quota.get(key, 0) + 1
            return self.quota[key] <= DAILY_QUOTA.get(name, 10**9)

    # Tokens
    def issue_token(self, appid, kind):
        """A new token of `kind`; the previous one of that kind retires after the overlap."""
        with self.lock:
            old = self.current.get((appid, kind))
            if old and old in self.tokens:
                self.tokens[old].retired_at = self.now()
            value = f"sbx{kind[0]}_{secrets.token_urlsafe(24)}"
            self.tokens[value] = Token(value, appid, self.now() + TOKEN_LIFE)
            self.current[(appid, kind)] = value
            return self.tokens[value]

    def stable_token(self, appid, force):
        with self.lock:
            value = self.current.get((appid, "stable"))
            token = self.tokens.get(value)
            if force or token is None or token.retired_at or token.expires_at - self.now() < OVERLAP:
                token = self.issue_token(appid, "stable")
            return token

    def token_error(self, value):
        """None if `value` is a usable token, else WeChat's errcode for it."""
        with self.lock:
            if not value:
                return 41001
            token = self.tokens.get(value)
            if token is None:
                return 40014
            if token.expires_at <= self.now():
                return 42001
            if token.retired_at is not None and self.now() > token.retired_at + OVERLAP:
                return 40001
            return None

    def revoke_tokens(self):
        """Fault: every token stops working at once, as when the secret is reset."""
        with self.lock:
            for token in self.tokens.values():
                token.retired_at = self.now() - OVERLAP - 1
            self.current.clear()

    # Users and the customer-service window
    def user(self, openid, appid=None, nickname=None, bound=True):
        """The user `openid`, made on first sight. A bound user has one unionid in the account and the
        mini-program, as WeChat gives when both are bound to one open-platform account."""
        with self.lock:
            if openid not in self.users:
                name = nickname or f"用户{openid[-4:]}"
                unionid = f"uSbx{openid[-20:]}" if bound else None
                self.users[openid] = User(openid, name, appid or next(iter(self.apps)), unionid=unionid)
            elif nickname:
                self.users[openid].nickname = nickname
            return self.users[openid]

    def miniapp_user(self, openid):
        """The user whose mini-program openid is `openid` (or who is `openid`), or None."""
        with self.lock:
            return self.users.get(openid.removesuffix(MINIAPP_SUFFIX))

    def user_spoke(self, openid, kind):
        """A message (kind "message") or a click/follow/scan ("event") opens the window."""
        with self.lock:
            user = self.user(openid)
            if kind == "message":
                user.last_message_at, user.sent_since_message = self.now(), 0
            else:
                user.last_event_at, user.sent_since_event = self.now(), 0

    def window_error(self, openid):
        """None if a customer-service message may go to `openid` now (and counts it), else 45015/45047."""
        with self.lock:
            user = self.users.get(openid)
            now = self.now()
            if user is None or not user.subscribed:
                return 43004 if user is not None else 40003
            if (
                user.last_event_at
                and now - user.last_event_at <= EVENT_WINDOW
                and user.sent_since_event < EVENT_MESSAGES
            ):
                user.sent_since_event += 1
                return None
            if user.last_message_at is None or now - user.last_message_at > WINDOW:
                return 45015
            if user.sent_since_message >= WINDOW_MESSAGES:
                return 45047
            user.sent_since_message += 1
            return None


def _user_to(user):
    plain = asdict(user)
    plain["tags"] = sorted(user.tags)
    return plain


def _user_from(plain):
    taps = plain.get("subscriptions") or {}
    if isinstance(taps, list):  # kept before taps were counted: one each
        taps = dict.fromkeys(taps, 1)
    return User(**{**plain, "tags": set(plain["tags"]), "subscriptions": dict(taps)})
