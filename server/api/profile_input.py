"""The registration fields of a PUT /profile body, typed the way update_registration expects.

The cleaners in server/operations/veterans/registrations.py take raw text from every channel; JSON can
carry anything (lists, huge numbers, lone surrogates), so types are checked here first; each
wrong one is named together with fields the API does not know and what the cleaners refuse.
"""

import re

from server.api.texts import BAD_FIELD_TYPE, UNKNOWN_FIELD
from server.operations.veterans.registrations import (
    CLEANERS,
    FIELD_NAMES,
    ValidationFailed,
    update_registration,
)

ID_FIELDS = ("category_id", "station_id")
MAX_ID = 2**31 - 1
DIGITS = re.compile(r"^[0-9]{1,10}$")


def registration_values(body):
    """({field: value} for update_registration, {field: message} for each unknown or mistyped field)."""
    values, errors = {}, {}
    for field, raw in body.items():
        if field not in CLEANERS:
            errors[field] = UNKNOWN_FIELD
            continue
        value = _typed(field, raw)
        if value is None:
            errors[field] = BAD_FIELD_TYPE.format(label=FIELD_NAMES[field])
        else:
            values[field] = value
    return values, errors


def update_with(veteran, values, errors):
    """update_registration, reporting its field errors and `errors` together (so every bad field
    is named at once); nothing is set when anything is wrong."""
    try:
        if values:
            update_registration(veteran, values)
    except ValidationFailed as failed:
        raise ValidationFailed({**errors, **failed.fields}) from None
    if errors:
        raise ValidationFailed(errors)


def _typed(field, raw):
    if field in ID_FIELDS:
        if isinstance(raw, str) and DIGITS.match(raw):
            raw = int(raw)
        return raw if type(raw) is int and 1 <= raw <= MAX_ID else None
    return raw if isinstance(raw, str) and _encodable(raw) else None


def _encodable(text):
    try:
        text.encode()
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") cannot be stored or encrypted
        return False
    return True
