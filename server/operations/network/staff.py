"""Staff accounts: creation, passwords (argon2), lock-out after repeated failures, roles."""

import functools
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from models import Staff, db
from models.staff import ROLES
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.network import texts

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
HASHER = PasswordHasher()
REFUSED = texts.LOGIN_REFUSED.format(failures=MAX_FAILURES, minutes=LOCKOUT.seconds // 60)


@functools.lru_cache(maxsize=2)
def _dummy_hash(hasher):
    """A hash of nothing, so an unknown username costs as much time as a wrong password."""
    return hasher.hash(secrets.token_hex(16))


class LoginRefused(DomainError):
    status = 401


def password_problem(password):
    if len(password or "") < 8:
        return texts.PASSWORD_TOO_SHORT
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return texts.PASSWORD_TOO_SIMPLE
    return None


def staff_by_username(username):
    return db.session.execute(select(Staff).filter_by(username=username)).scalar_one_or_none()


def create_staff(username, name, station, role, password, actor, phone=None):
    if not USERNAME.match(username or ""):
        raise DomainError(texts.USERNAME_INVALID, field="username")
    if staff_by_username(username):
        raise DomainError(texts.USERNAME_TAKEN.format(username=username), field="username")
    if role not in ROLES:
        raise DomainError(texts.ROLE_NOT_ONE_OF.format(roles="/".join(ROLES)), field="role")
    if not name:
        raise DomainError(texts.STAFF_NAME_REQUIRED, field="name")
    problem = password_problem(password)
    if problem:
        raise DomainError(problem, field="password")
    staff = Staff(
        username=username,
        name=name,
        station=station,
        role=role,
        phone=phone or None,
        password_hash=HASHER.hash(password),
    )
    db.session.add(staff)
    db.session.flush()
    audit.record(actor, "staff.create", staff, role=role, username=username)
    return staff


def authenticate(username, password, ip=None):
    """The staff member whose password this is, or LoginRefused; failures count toward a lock-out.

    Every refusal (unknown name, wrong password, locked or disabled account) says the same words
    after hashing the password once, so neither the answer nor its time tells which it was."""
    staff = staff_by_username(username or "")
    now = utcnow()
    if staff is None:
        _verify(_dummy_hash(HASHER), password)
        audit.record(audit.Actor(None, (username or "")[:40], ip), "login.failed", reason="unknown user")
        raise LoginRefused(REFUSED)
    actor = audit.Actor.of(staff, ip)
    correct = _verify(staff.password_hash, password)
    if staff.locked_until and staff.locked_until > now:
        audit.record(actor, "login.failed", staff, reason="locked")
        raise LoginRefused(REFUSED)
    if not correct or not staff.active:
        _count_failure(staff, now)
        audit.record(actor, "login.failed", staff, reason="password" if staff.active else "disabled")
        raise LoginRefused(REFUSED)
    staff.failed_logins, staff.locked_until, staff.last_login_at = 0, None, now
    if HASHER.check_needs_rehash(staff.password_hash):
        staff.password_hash = HASHER.hash(password)
    audit.record(actor, "login", staff)
    return staff


def _verify(password_hash, password):
    try:
        return HASHER.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(staff, now):
    staff.failed_logins += 1
    if staff.failed_logins >= MAX_FAILURES:
        staff.locked_until = now + LOCKOUT
        staff.failed_logins = 0


def end_sessions(staff):
    """Every console cookie issued to `staff` so far stops working, on every worker: the cookie
    names the session version it was issued under (Staff.get_id), and console.load_staff refuses
    any other. Counted up in the database, so two at once (a reset while the person changes their
    password) give two versions and neither cookie outlives the other's change."""
    staff.session_version = Staff.session_version + 1
    db.session.flush()


def log_out(staff, actor):
    """Logging out ends every session of the person, not only this browser's: a copy of the cookie
    (a shared PC, a stolen cookie) would otherwise live on until it idles out."""
    end_sessions(staff)
    audit.record(actor, "logout", staff)


def change_password(staff, current, new, actor):
    if not _verify(staff.password_hash, current):
        raise DomainError(texts.PASSWORD_WRONG, field="current")
    problem = password_problem(new)
    if problem:
        raise DomainError(problem, field="new")
    if current == new:
        raise DomainError(texts.PASSWORD_UNCHANGED, field="new")
    staff.password_hash = HASHER.hash(new)
    staff.must_change_password = False
    end_sessions(staff)  # the edge issues the current browser a cookie of the new version
    audit.record(actor, "staff.password.change", staff)


def reset_password(staff, actor):
    """A new one-time password, shown once to the admin; the person must change it at next login."""
    temporary = f"Tmp{secrets.randbelow(10**6):06d}{secrets.token_urlsafe(4)}"
    staff.password_hash = HASHER.hash(temporary)
    staff.must_change_password = True
    staff.failed_logins, staff.locked_until = 0, None
    end_sessions(staff)
    audit.record(actor, "staff.password.reset", staff)
    return temporary


def set_staff_active(staff, active, actor):
    if actor.staff_id == staff.id and not active:
        raise DomainError(texts.CANNOT_DISABLE_SELF)
    staff.active = active
    end_sessions(staff)
    audit.record(actor, "staff.enable" if active else "staff.disable", staff)


def update_staff(staff, changes, actor):
    """Change name, phone, station or role (station already checked to be in the actor's scope)."""
    if "role" in changes and changes["role"] not in ROLES:
        raise DomainError(texts.ROLE_INVALID, field="role")
    if "name" in changes and not changes["name"]:
        raise DomainError(texts.STAFF_NAME_REQUIRED, field="name")
    changed = {k: v for k, v in changes.items() if getattr(staff, k) != v}
    for key, value in changed.items():
        setattr(staff, key, value)
    if changed:
        if {"role", "station"} & changed.keys():
            end_sessions(staff)  # new powers or scope take effect at the next login
        audit.record(actor, "staff.update", staff, fields=sorted(changed))
    return changed


def set_staff_away(staff, away, actor):
    """休假/外出: an away member keeps their requests but is skipped when new ones are assigned."""
    if staff.away == away:
        return False
    staff.away = away
    audit.record(actor, "staff.away" if away else "staff.back", staff)
    return True
