"""The mini-program's JSON API (/api/v1), its OpenAPI document and its docs page."""

from flask import Blueprint, request

from server.operations.service_requests.attachments import SIZE_LIMITS

bp = Blueprint("api", __name__, url_prefix="/api/v1", static_folder="static")
BODY_LIMIT = 64 * 1024  # the largest real body (a full profile) is about 1 KiB
UPLOAD_LIMIT = max(SIZE_LIMITS.values()) + BODY_LIMIT  # the largest attachment and the form around it
LARGER_BODIES = {"api.upload_own_attachment": UPLOAD_LIMIT}


@bp.before_request
def limit_body():
    request.max_content_length = LARGER_BODIES.get(request.endpoint, BODY_LIMIT)


from server.api import (  # noqa: E402, F401
    appointments,
    auth,
    dictionaries,
    docs,
    nearby,
    openapi,
    policies,
    profile,
    service_requests,
    station_events,
    subscriptions,
)
from server.api.errors import install  # noqa: E402

install(bp)
