"""Reading a JSON body or a query string into its declared shape (server/api/*_shapes.py). What
pydantic refuses becomes the error envelope's `fields`, in the body's order, each message in Chinese
naming the field (by the shape's `labels`); so do the operations' errors about one field."""

from contextlib import contextmanager

from flask import request
from pydantic import ValidationError

from server.api.errors import ApiError
from server.api.texts import BAD_FIELD_TYPE, BAD_FLAG, FIELD_REQUIRED, NOT_JSON_OBJECT, UNKNOWN_FIELD
from server.operations.core.errors import DomainError
from server.operations.veterans.registrations import ValidationFailed

MESSAGES = {"extra_forbidden": UNKNOWN_FIELD, "missing": FIELD_REQUIRED, "bool_type": BAD_FLAG}


def json_object():
    """The body as a dict. Bad JSON, another content type or a non-object is a 400; too big a 413."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, NOT_JSON_OBJECT)
    return data


def parsed(shape, body):
    """`body` as an instance of `shape`; ValidationFailed naming every unknown, mistyped or
    missing field. A field sent as null counts as absent."""
    body = {name: value for name, value in body.items() if value is not None}
    try:
        return shape.model_validate(body)
    except ValidationError as exc:
        raise ValidationFailed(_messages(shape, exc, body)) from None


def valid_fields(shape, body):
    """For a shape of optional fields (a partial update): ({field: typed value} of the fields
    sent and good, {field: message} for each bad one)."""
    try:
        return shape.model_validate(body).model_dump(exclude_unset=True), {}
    except ValidationError as exc:
        errors = _messages(shape, exc, body)
    good = {name: raw for name, raw in body.items() if name not in errors}
    return shape.model_validate(good).model_dump(exclude_unset=True), errors


def _messages(shape, exc, body):
    errors = {}
    for error in exc.errors():
        name = error["loc"][0]
        template = MESSAGES.get(error["type"], BAD_FIELD_TYPE)
        errors.setdefault(name, template.format(label=shape.labels.get(name, name)))
    order = {name: position for position, name in enumerate(body)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


def parsed_or_refused(shape, body, status, message):
    """`body` as an instance of `shape` (of one field), or `status` with `message` naming that field."""
    try:
        return shape.model_validate(body)
    except ValidationError:
        (field,) = shape.model_fields
        raise ApiError(status, message, fields={field: message}) from None


def parsed_query(shape, message):
    """The query string as an instance of `shape`; a 400 naming each bad parameter, with
    `message(name, given)` saying what is wrong (`given`: the text sent, stripped; "" if none)."""
    names = [field.alias or name for name, field in shape.model_fields.items()]
    args = {name: request.args[name] for name in names if name in request.args}
    try:
        return shape.model_validate(args)
    except ValidationError as exc:
        errors = {}
        for name in (error["loc"][0] for error in exc.errors()):
            errors.setdefault(name, message(name, args.get(name, "").strip()))
        raise ApiError(400, next(iter(errors.values())), fields=errors) from None


@contextmanager
def named_fields():
    """A plain DomainError naming a field becomes a 422 naming the field the caller sent;
    NotFound, Conflict and InvalidState keep their own answers."""
    try:
        yield
    except DomainError as exc:
        field = exc.details.get("field")
        if type(exc) is not DomainError or not field:
            raise
        raise ValidationFailed({field: exc.message}) from None
