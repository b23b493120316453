"""The baseline for bench/callback.py: the same callback as a bare Flask + wechatpy echo, no database.

Run as `gunicorn -c gunicorn.conf.py bench.baseline_app:app` from the repository root.
bench/durable_floor_app.py reuses `open_delivery` and `help_reply` and adds one durable write.
"""

import importlib.util
import time
from pathlib import Path
from types import SimpleNamespace

from flask import Flask, Response, abort, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import WeChatException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from server.config import DEMO

TOKEN = DEMO["WECHAT_TOKEN"]


def _help_text():
    # Loaded by path so the reply is byte for byte the app's, without importing the handlers package.
    spec = importlib.util.spec_from_file_location(
        "bench_texts", Path(__file__).resolve().parent.parent / "handlers" / "texts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.HELP


HELP = _help_text()
crypto = WeChatCrypto(TOKEN, DEMO["WECHAT_AES_KEY"], DEMO["WECHAT_APPID"])


def bare_app(name):
    """A Flask app with a readiness page; gunicorn.conf.py's post_worker_init reads its settings."""
    app = Flask(name)
    app.extensions["settings"] = SimpleNamespace(embedded_redis=False)
    app.add_url_rule("/", "ready", lambda: "ok")
    return app


def open_delivery():
    """(message, plaintext XML) of the current request: signature checked, decrypted in safe mode."""
    args = request.args
    body = request.get_data()
    try:
        if args.get("encrypt_type") == "aes":
            xml = crypto.decrypt_message(body, args["msg_signature"], args["timestamp"], args["nonce"])
        else:
            check_signature(TOKEN, args["signature"], args["timestamp"], args["nonce"])
            xml = body
    except (KeyError, WeChatException):
        abort(403)
    return parse_message(xml), xml


def help_reply(msg):
    """The help text as a text reply to `msg`, encrypted in safe mode."""
    args = request.args
    reply = TextReply(message=msg, content=HELP).render()
    if args.get("encrypt_type") == "aes":
        reply = crypto.encrypt_message(reply, args["nonce"], str(int(time.time())))
    return Response(reply, mimetype="application/xml")


app = bare_app(__name__)


@app.post("/wechat")
def receive():
    msg, _xml = open_delivery()
    return help_reply(msg)
