"""The caller's own registration (建档立卡): read masked, create or edit the draft, submit, privacy,
and link a record made in the official account's chat with the code the person got there."""

from flask import g, jsonify

from models import db
from server.api import bp
from server.api.auth import limit_writes, refuse_over, require_session
from server.api.errors import ApiError
from server.api.profile_shapes import LinkRequest, Profile, ProfileUpdate
from server.api.texts import CONSENT_OUTDATED, CONSENT_REQUIRED, LINK_CODE_REQUIRED, LINK_LIMITED, NO_PROFILE
from server.api.validation import json_object, parsed_or_refused, valid_fields
from server.operations.veterans.link_codes import LinkRefused, link_miniapp
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import (
    ValidationFailed,
    registration_for,
    request_deletion,
    start_registration,
    submit_registration,
    update_registration,
    withdraw_consent,
)
from server.ratelimit import LINK_CODE_FAILURES


@bp.get("/profile")
@require_session
def get_profile():
    veteran = _own_registration_or_404()
    db.session.commit()  # a record found by unionid was linked to this mini-program user
    return _shown(veteran)


@bp.put("/profile")
@require_session
@limit_writes
def put_profile():
    """Create the draft (with consent to the current privacy notice) or change any of its fields."""
    body = json_object()
    consent = body.pop("consent_version", None)
    veteran, status = _own_registration(), 200
    if veteran is None or consent is not None:
        _ensure_consent(consent, first=veteran is None)
    values, errors = valid_fields(ProfileUpdate, body)
    if veteran is None:
        session = g.api_session
        veteran = start_registration("miniapp", miniapp_openid=session.openid, unionid=session.unionid)
        status = 201
    _update(veteran, values, errors)
    db.session.commit()
    return _shown(veteran), status


@bp.post("/profile/submit")
@require_session
@limit_writes
def submit_profile():
    veteran = submit_registration(_own_registration_or_404())
    db.session.commit()
    return _shown(veteran)


@bp.post("/profile/consent/withdraw")
@require_session
@limit_writes
def withdraw_profile_consent():
    veteran = _own_registration_or_404()
    withdraw_consent(veteran)
    db.session.commit()
    return _shown(veteran)


@bp.post("/profile/deletion-request")
@require_session
@limit_writes
def request_profile_deletion():
    """Ask for the record to be deleted; the station confirms, then it is deleted after 15 days."""
    veteran = request_deletion(_own_registration_or_404())
    db.session.commit()
    return _shown(veteran), 202


@bp.post("/profile/link")
@require_session
@limit_writes
def link_profile():
    """Link this mini-program user to the record made in the official account's chat, with the
    6-digit code the person got there by replying 绑定 (for people WeChat gives no unionid)."""
    code = parsed_or_refused(LinkRequest, json_object(), 422, LINK_CODE_REQUIRED).code
    openid = g.api_session.openid
    refuse_over(LINK_CODE_FAILURES.reached(openid), LINK_LIMITED)
    try:
        veteran = link_miniapp(code, openid)
    except LinkRefused as refused:
        LINK_CODE_FAILURES.hit(openid)
        raise ApiError(
            400, refused.message, code="invalid_link_code", fields={"code": refused.message}
        ) from None
    db.session.commit()
    return _shown(veteran)


def _shown(veteran):
    return jsonify(Profile.of(veteran).model_dump())


def _update(veteran, values, errors):
    """update_registration, reporting its field errors and `errors` (the body's unknown or mistyped
    fields) together, so every bad field is named at once; nothing is set when anything is wrong."""
    try:
        if values:
            update_registration(veteran, values)
    except ValidationFailed as failed:
        raise ValidationFailed({**errors, **failed.fields}) from None
    if errors:
        raise ValidationFailed(errors)


def _own_registration():
    """The caller's record by mini-program openid, else by unionid (then linked to this openid)."""
    session = g.api_session
    veteran = registration_for(miniapp_openid=session.openid, unionid=session.unionid)
    if veteran is not None and veteran.miniapp_openid is None:
        veteran.miniapp_openid = session.openid
        db.session.flush()
    return veteran


def _own_registration_or_404():
    veteran = _own_registration()
    if veteran is None:
        raise ApiError(404, NO_PROFILE, code="no_profile")
    return veteran


def _ensure_consent(version, first):
    if version != PRIVACY_VERSION:
        message = (CONSENT_REQUIRED if first else CONSENT_OUTDATED).format(version=PRIVACY_VERSION)
        raise ApiError(400, message, code="consent_required", fields={"consent_version": message})
