import logging
import time

from flask import Response, abort, request

from server.extensions import settings
from server.wechat import bp
from server.wechat.pipeline import deliver
from server.wechat_protocol.envelope import Envelope, EnvelopeError
from server.wechat_protocol.messages import SUCCESS, BadMessage, parse, read_fields
from server.wechat_protocol.signing import Forbidden, check_params, check_signature

log = logging.getLogger(__name__)


@bp.get("/wechat")
def verify_url():
    """WeChat's URL check when the server address is saved in the admin console."""
    config = settings()
    args = request.args
    try:
        check_params(args.get("timestamp"), args.get("nonce"), config.wechat_timestamp_window)
        check_signature(args.get("signature"), config.wechat_token, args["timestamp"], args["nonce"])
    except Forbidden as exc:
        log.info("refused URL check: %s", exc)
        abort(403, str(exc))
    return _text(args.get("echostr", ""))


@bp.post("/wechat")
def receive():
    config = settings()
    args = request.args
    body = request.get_data(cache=False)  # MAX_CONTENT_LENGTH already answered 413 for big bodies
    safe_mode = args.get("encrypt_type") == "aes"
    try:
        check_params(args.get("timestamp"), args.get("nonce"), config.wechat_timestamp_window)
        if safe_mode:
            encrypt = read_fields(body).get("Encrypt", "")
            check_signature(
                args.get("msg_signature"), config.wechat_token, args["timestamp"], args["nonce"], encrypt
            )
            envelope = Envelope(
                config.wechat_token,
                config.wechat_appid,
                [config.wechat_aes_key, config.wechat_aes_key_previous],
            )
            xml_text, key = envelope.open(encrypt)
        else:
            check_signature(args.get("signature"), config.wechat_token, args["timestamp"], args["nonce"])
            xml_text = body.decode("utf-8")
        msg = parse(xml_text)
    except Forbidden as exc:
        log.info("refused callback: %s", exc)
        abort(403, str(exc))
    except (BadMessage, EnvelopeError, UnicodeDecodeError) as exc:
        log.info("unreadable callback: %s", exc)
        abort(400, str(exc))
    reply = deliver(msg, xml_text)
    if safe_mode and reply != SUCCESS:
        reply = envelope.seal(reply, key, args["nonce"], str(int(time.time())))
    return _text(reply, "application/xml" if reply != SUCCESS else "text/plain")


def _text(body, mimetype="text/plain"):
    return Response(body, mimetype=mimetype)
