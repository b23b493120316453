import logging
import time

from flask import Response, abort, request

from server.extensions import redis_client, settings
from server.wechat import bp
from server.wechat.pipeline import deliver
from server.wechat.replay import check_replay
from server.wechat_protocol.envelope import Envelope, EnvelopeError
from server.wechat_protocol.messages import SUCCESS, BadMessage, parse, read_fields
from server.wechat_protocol.modes import encrypted
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
    try:
        xml_text, key = _open(config, args, body)
        msg = parse(xml_text)
        if config.wechat_account_id and msg.target != config.wechat_account_id:
            raise Forbidden("the message is addressed to another account")
    except Forbidden as exc:
        log.info("refused callback: %s", exc)
        abort(403, str(exc))
    except (BadMessage, EnvelopeError, UnicodeDecodeError) as exc:
        log.info("unreadable callback: %s", exc)
        abort(400, str(exc))
    reply = deliver(msg, xml_text)
    if key and reply != SUCCESS:
        reply = _envelope(config).seal(reply, key, args["nonce"], str(int(time.time())))
    return _text(reply, "application/xml" if reply != SUCCESS else "text/plain")


def _open(config, args, body):
    """The message XML of a delivery the configured mode accepts, and the AES key it came under (None
    for plaintext); each query string is good for one body."""
    check_params(args.get("timestamp"), args.get("nonce"), config.wechat_timestamp_window)
    signed = (config.wechat_token, args["timestamp"], args["nonce"])
    if encrypted(config.wechat_message_mode, args):
        encrypt = read_fields(body).get("Encrypt", "")
        check_signature(args.get("msg_signature"), *signed, encrypt)
        check_replay(redis_client(), args, body, config.wechat_timestamp_window)
        return _envelope(config).open(encrypt)
    check_signature(args.get("signature"), *signed)
    check_replay(redis_client(), args, body, config.wechat_timestamp_window)
    return body.decode("utf-8"), None


def _envelope(config):
    return Envelope(
        config.wechat_token, config.wechat_appid, [config.wechat_aes_key, config.wechat_aes_key_previous]
    )


def _text(body, mimetype="text/plain"):
    return Response(body, mimetype=mimetype)
