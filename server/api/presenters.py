"""What the API shows of a registration: personal data masked, dates as ISO 8601 text."""

from server.operations.core.personal_data import mask_address, mask_id, mask_mobile
from server.operations.veterans.registrations import FIELD_NAMES, missing_fields


def present_registration(veteran):
    return {
        "id": veteran.id,
        "state": veteran.state,
        "state_name": veteran.state_name,
        "name": veteran.name,
        "id_number": mask_id(veteran.id_number) or None,
        "sex": veteran.sex,
        "mobile": mask_mobile(veteran.mobile) or None,
        "category": _category(veteran.category),
        "branch": veteran.branch,
        "enlisted_on": _iso(veteran.enlisted_on),
        "discharged_on": _iso(veteran.discharged_on),
        "hukou_address": mask_address(veteran.hukou_address) or None,
        "residence_address": mask_address(veteran.residence_address) or None,
        "station": _station(veteran.station),
        "return_reason": veteran.return_reason,
        "missing_fields": [{"field": f, "label": FIELD_NAMES[f]} for f in missing_fields(veteran)],
        "consent": {
            "version": veteran.consent_version,
            "given_at": _iso(veteran.consent_at),
            "withdrawn_at": _iso(veteran.consent_withdrawn_at),
        },
        "submitted_at": _iso(veteran.submitted_at),
        "deletion_requested_at": _iso(veteran.deletion_requested_at),
    }


def _category(category):
    return None if category is None else {"id": category.id, "name": category.name, "served": category.served}


def _station(station):
    return None if station is None else {"id": station.id, "code": station.code, "name": station.name}


def _iso(value):
    return value.isoformat() if value is not None else None
