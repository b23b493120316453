"""The WeChat callback: accept (mode, signature, one body per query string) → decrypt → parse → dedupe
→ dispatch → commit → reply. The protocol itself (signing, envelopes, parsing) is server/wechat_protocol."""

from flask import Blueprint, request

from server.extensions import settings

bp = Blueprint("wechat", __name__)


@bp.before_request
def limit_body():
    # WeChat's messages are a few KiB; anything over the limit is answered 413 before it is read.
    request.max_content_length = settings().wechat_max_body


from server.wechat import views  # noqa: E402, F401
