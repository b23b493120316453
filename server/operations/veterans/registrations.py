"""Veteran registration (建档立卡): draft → submitted → approved / returned, on every channel.

Chat, mini-program, walk-ins and ledger imports all change a registration through these
functions, so a rule (validation, uniqueness, who is told what) lives here once.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from models import ServiceRequest, Station, Veteran, VeteranCategory, db
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.errors import DomainError, InvalidState
from server.operations.core.numbers import whole_number
from server.operations.core.personal_data import (
    birth_and_sex,
    check_service_dates,
    clean_address,
    clean_id_number,
    clean_mobile,
    clean_name,
)
from server.operations.core.texts import PERSON
from server.operations.messaging.inbound import forget_inbound
from server.operations.messaging.notifications import notify
from server.operations.messaging.texts import TEMPLATE_TIME
from server.operations.policies.subscriptions import apply_default_topics
from server.operations.veterans import texts
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.texts import FIELD_NAMES
from server.timezone import local, local_date

BRANCHES = (
    "陆军",
    "海军",
    "空军",
    "火箭军",
    "军事航天部队",
    "网络空间部队",
    "信息支援部队",
    "联勤保障部队",
    "武警部队",
    "原战略支援部队",
    "其他",
)
SERVICE_FIELDS = ("branch", "enlisted_on", "discharged_on")
REQUIRED = ("name", "id_number", "mobile", "category_id", "hukou_address", "residence_address", "station_id")
EDITABLE_STATES = ("draft", "returned", "approved")
DELETION_DAYS = 15


class ValidationFailed(DomainError):
    """Several fields are wrong at once (the API reports them all): `fields` maps field to message."""

    status = 422

    def __init__(self, fields):
        super().__init__(texts.FIELDS_JOINED.join(fields.values()), fields=fields)
        self.fields = fields


# Finding
def registration_for(openid=None, miniapp_openid=None, unionid=None):
    """The record linked to a WeChat follower, a mini-program user, or (linking the two) a unionid."""
    for column, value in (
        (Veteran.openid, openid),
        (Veteran.miniapp_openid, miniapp_openid),
        (Veteran.unionid, unionid),
    ):
        if value:
            found = db.session.execute(select(Veteran).where(column == value)).scalars().first()
            if found is not None:
                return found
    return None


def active_categories():
    return (
        db.session.execute(select(VeteranCategory).filter_by(active=True).order_by(VeteranCategory.sort))
        .scalars()
        .all()
    )


def requires_service(veteran):
    return veteran.category is None or veteran.category.served


# Starting and editing
def start_registration(source, openid=None, miniapp_openid=None, unionid=None):
    """A draft for someone who has just accepted the privacy notice."""
    veteran = Veteran(
        state="draft",
        source=source,
        openid=openid,
        miniapp_openid=miniapp_openid,
        unionid=unionid,
        consent_version=PRIVACY_VERSION,
        consent_at=utcnow(),
    )
    db.session.add(veteran)
    db.session.flush()
    return veteran


def update_registration(veteran, values):
    """Validate and set the given fields (raw strings or values); ValidationFailed names each bad one."""
    _ensure_state(veteran, EDITABLE_STATES, texts.UNDER_REVIEW)
    cleaned, errors = {}, {}
    for field, raw in values.items():
        try:
            cleaned[field] = CLEANERS[field](raw)
        except DomainError as error:
            errors[field] = error.message
    if errors:
        raise ValidationFailed(errors)
    if "id_number" in cleaned:
        _ensure_unique_id(veteran, cleaned["id_number"])
    for field, value in cleaned.items():
        setattr(veteran, field, value)
    if veteran.state == "approved" and cleaned:
        veteran.state = "draft"  # a correction goes back through review once it is submitted
    if "id_number" in cleaned:
        veteran.id_hash = _keyring().lookup_hash(veteran.id_number)
        veteran.birth_date, veteran.sex = birth_and_sex(veteran.id_number)
    if "mobile" in cleaned:
        veteran.mobile_tail = veteran.mobile[-4:]
    _check_dates(veteran, touched=cleaned.keys())
    db.session.flush()
    return veteran


def _check_dates(veteran, touched):
    if (
        veteran.enlisted_on
        and veteran.discharged_on
        and {"enlisted_on", "discharged_on", "id_number"} & set(touched)
    ):
        try:
            check_service_dates(veteran.enlisted_on, veteran.discharged_on, veteran.birth_date)
        except DomainError as error:
            raise ValidationFailed({error.details["field"]: error.message}) from None


def _ensure_unique_id(veteran, id_number):
    hashes = _keyring().lookup_hashes(id_number)
    other = db.session.execute(
        select(Veteran.id).where(Veteran.id_hash.in_(hashes), Veteran.id != veteran.id)
    ).first()
    if other is not None:
        contact = _contact_of(veteran.station)
        raise ValidationFailed({"id_number": texts.ID_NUMBER_TAKEN.format(contact=contact)})


def _contact_of(station):
    if station is not None and station.phone:
        return texts.CONTACT_STATION.format(name=station.name, phone=station.phone)
    return texts.CONTACT_VILLAGE


def missing_fields(veteran):
    needed = REQUIRED + (SERVICE_FIELDS if requires_service(veteran) else ())
    return [field for field in needed if getattr(veteran, field) in (None, "")]


def submit_registration(veteran):
    """Send the registration for review: complete, consented, and a village station chosen."""
    _ensure_state(veteran, EDITABLE_STATES, texts.SUBMITTED_ALREADY)
    missing = missing_fields(veteran)
    if missing:
        raise ValidationFailed(
            {field: texts.FIELD_REQUIRED.format(field=FIELD_NAMES[field]) for field in missing}
        )
    if veteran.consent_at is None or veteran.consent_withdrawn_at is not None:
        raise InvalidState(texts.CONSENT_REQUIRED)
    veteran.state, veteran.submitted_at, veteran.return_reason = "submitted", utcnow(), None
    db.session.flush()
    apply_default_topics(veteran)
    return veteran


# Reviewing (the township station and above)
def approve_registration(veteran, actor, quietly=False):
    """Approve a submitted registration and tell the person; `quietly` skips both the audit entry and the
    notice, for a caller that audits a whole batch itself (a ledger import: those people have no WeChat)."""
    _ensure_state(veteran, ("submitted",), texts.APPROVE_ONLY_SUBMITTED)
    veteran.state, veteran.reviewed_at, veteran.reviewed_by_id = "approved", utcnow(), actor.staff_id
    if not quietly:
        audit.record(actor, "registration.approve", veteran)
        _tell(veteran, "approved")
    return veteran


def return_registration(veteran, reason, actor):
    _ensure_state(veteran, ("submitted",), texts.RETURN_ONLY_SUBMITTED)
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise DomainError(texts.RETURN_REASON, field="reason")
    veteran.state, veteran.return_reason = "returned", reason
    veteran.reviewed_at, veteran.reviewed_by_id = utcnow(), actor.staff_id
    audit.record(actor, "registration.return", veteran)
    _tell(veteran, "returned")
    return veteran


def _tell(veteran, outcome):
    text, result, note = texts.OUTCOMES[outcome]
    values = {
        "thing1": texts.TEMPLATE_SUBJECT,
        "phrase2": result,
        "thing3": note(veteran),
        "time4": local(utcnow()).strftime(TEMPLATE_TIME),
    }
    notify(
        veteran.openid,
        "registration_result",
        text.format(reason=veteran.return_reason or ""),
        template_key="registration_result",
        template_values=values,
        subject=veteran,
    )


# Staff-entered records
def register_walk_in(values, station, actor, approve):
    """A registration staff enter for someone at the counter: same checks, consent taken in person."""
    if station.level != "village":
        raise ValidationFailed({"station_id": texts.WALK_IN_VILLAGE})
    veteran = start_registration("walkin")
    update_registration(veteran, {**values, "station_id": station.id})
    submit_registration(veteran)
    audit.record(actor, "registration.walk_in", veteran)
    if approve:
        approve_registration(veteran, actor)
    return veteran


def reveal(veteran, fields, actor):
    """The unmasked values of `fields`, with an audit entry naming the fields (never the values)."""
    audit.record(actor, "veteran.unmask", veteran, fields=sorted(fields))
    return {field: getattr(veteran, field) for field in fields}


# Privacy
def withdraw_consent(veteran):
    veteran.consent_withdrawn_at = utcnow()
    audit.record(audit.Actor.system(PERSON), "veteran.consent.withdraw", veteran)
    db.session.flush()


def request_deletion(veteran):
    """The person asks for their data to be deleted; their station confirms it (个人信息保护法)."""
    if veteran.deletion_requested_at is None:
        veteran.deletion_requested_at = utcnow()
        audit.record(audit.Actor.system(PERSON), "veteran.deletion.request", veteran)
    db.session.flush()
    return veteran


def confirm_deletion(veteran, actor, today=None):
    if veteran.deletion_requested_at is None:
        raise InvalidState(texts.NO_DELETION_ASKED)
    veteran.deletion_due_on = (today or local_date(utcnow())) + timedelta(days=DELETION_DAYS)
    audit.record(actor, "veteran.deletion.confirm", veteran, due_on=veteran.deletion_due_on.isoformat())
    db.session.flush()


def carry_out_deletions(today):
    """Delete the records whose confirmed deletion date has come; the audit keeps only the id."""
    due = (
        db.session.execute(
            select(Veteran).where(Veteran.deletion_due_on.is_not(None), Veteran.deletion_due_on <= today)
        )
        .scalars()
        .all()
    )
    sweeper = audit.Actor.system(texts.DELETION_SWEEPER)
    for veteran in due:
        audit.record(sweeper, "veteran.deleted", veteran, station_id=veteran.station_id)
        _unlink_requests(veteran)
        if veteran.openid:
            forget_inbound(veteran.openid)  # the chat in which they typed their ID number and phone
        db.session.delete(veteran)
    db.session.flush()
    return len(due)


def _unlink_requests(veteran):
    """Requests stay as the station's record of its work, no longer tied to the deleted registration."""
    db.session.execute(
        update(ServiceRequest)
        .where(ServiceRequest.veteran_id == veteran.id)
        .values(veteran_id=None, openid=None, miniapp_openid=None)
    )


def unlink_follower(openid):
    """Unfollowing unlinks the WeChat openid; the station's record stays (DESIGN.md)."""
    for veteran in db.session.execute(select(Veteran).filter_by(openid=openid)).scalars():
        veteran.openid = None


# Field cleaners: raw input (text from chat, JSON from the API, cells of a ledger) to stored values
def _category(raw):
    number = whole_number(raw)
    category = db.session.get(VeteranCategory, number) if number is not None else None
    if category is None or not category.active:
        raise DomainError(texts.CATEGORY_REQUIRED, field="category_id")
    return category.id


def _branch(raw):
    if raw not in BRANCHES:
        raise DomainError(texts.BRANCH_REQUIRED, field="branch")
    return raw


def _date(field):
    def clean(raw):
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw).strip())
        except ValueError:
            raise DomainError(texts.DATE_FORMAT.format(label=FIELD_NAMES[field]), field=field) from None

    return clean


def _village(raw):
    number = whole_number(raw)
    station = db.session.get(Station, number) if number is not None else None
    if station is None or not station.active or station.level != "village":
        raise DomainError(texts.VILLAGE_REQUIRED, field="station_id")
    return station.id


CLEANERS = {
    "name": clean_name,
    "id_number": clean_id_number,
    "mobile": clean_mobile,
    "category_id": _category,
    "branch": _branch,
    "enlisted_on": _date("enlisted_on"),
    "discharged_on": _date("discharged_on"),
    "hukou_address": lambda raw: clean_address(raw, "hukou_address"),
    "residence_address": lambda raw: clean_address(raw, "residence_address"),
    "station_id": _village,
}


def _ensure_state(veteran, states, message):
    if veteran.state not in states:
        raise InvalidState(message)


def _keyring():
    return current_app.extensions["keyring"]


def add_category(name, served, actor):
    """A new 人员类别 staff can choose and people can register under."""
    name = (name or "").strip()
    if not 2 <= len(name) <= 32:
        raise DomainError(texts.CATEGORY_NAME_LENGTH, field="name")
    if db.session.execute(select(VeteranCategory.id).filter_by(name=name)).first():
        raise DomainError(texts.CATEGORY_TAKEN.format(name=name), field="name")
    last = db.session.scalar(select(func.max(VeteranCategory.sort))) or 0
    category = VeteranCategory(name=name, served=served, sort=last + 10)
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "category.add", category, name=name)
    return category


def set_category_active(category, active, actor):
    """Retire a category (existing records keep it) or bring it back."""
    category.active = active
    audit.record(actor, "category.enable" if active else "category.disable", category)
