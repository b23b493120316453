"""The sandbox's own WSGI app: `flask sandbox run --host 127.0.0.1 --port 5001`."""

import itertools
import random
import threading
import time

from flask import Flask, request

from server.config import SANDBOX_ACCOUNT_ID
from server.errors import install as install_errors
from server.sandbox.push import Push
from server.sandbox.state import SandboxState


class SandboxPush(Push):
    """Push, plus the message kinds the simulator and tests send by name.

    Each user's CreateTime only moves forward: WeChat dedups events by sender + CreateTime + Event,
    so two clicks of one button in the same second would otherwise read as a retry. A person
    cannot do that by hand; a test or the simulator easily does.
    """

    _suffixes = itertools.count(random.randrange(1000, 9000))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_created = {}
        self.lock = threading.Lock()  # WeChat's own events are pushed from threads

    def fields(self, openid, msg_type, created=None, **extra):
        if created is None:
            with self.lock:
                created = max(int(time.time()), self.last_created.get(openid, 0) + 1)
                self.last_created[openid] = created
        return super().fields(openid, msg_type, created=created, **extra)

    def new_suffix(self):
        return f"{next(self._suffixes):06d}"

    def build(self, openid, kind, data):
        if kind == "text":
            return self.text(openid, str(data.get("content", "")))
        if kind == "image":
            return self.fields(
                openid,
                "image",
                PicUrl=data.get("pic_url", "http://sandbox.invalid/p.jpg"),
                MediaId=data.get("media_id", "sandbox-media"),
            )
        if kind == "location":
            return self.fields(
                openid,
                "location",
                Location_X=str(data.get("latitude", "30.27")),
                Location_Y=str(data.get("longitude", "120.15")),
                Scale="15",
                Label=str(data.get("label", "")),
            )
        if kind == "voice":
            return self.fields(
                openid,
                "voice",
                MediaId=data.get("media_id", "sandbox-voice"),
                Format="amr",
                Recognition=str(data.get("recognition", "")),
            )
        if kind == "event":
            event = str(data.get("event", ""))
            key = data.get("key")
            if event == "subscribe" and data.get("scene"):
                key = f"qrscene_{data['scene']}"
            elif event == "SCAN":
                key = data.get("scene", key)
            extra = (
                {"Ticket": "sandbox-ticket"}
                if event in ("SCAN",) or str(key or "").startswith("qrscene_")
                else {}
            )
            return self.event(openid, event, key=key, **extra)
        return None


def sandbox_push(config):
    """Deliveries to the app as its settings expect them: its message mode, its account id."""
    return SandboxPush(
        config.wechat_token,
        config.wechat_appid,
        config.wechat_aes_key,
        account=config.wechat_account_id or SANDBOX_ACCOUNT_ID,
        mode=config.wechat_message_mode,
    )


def create_sandbox_app(config, callback_url, state_file=None, latency_ms=0):
    """The sandbox; with `state_file`, its users, tags and QR codes outlive a restart. `latency_ms`
    delays every API call (a benchmark's distant WeChat) until faults are set otherwise."""
    if config.production:
        raise RuntimeError("the WeChat sandbox never runs in production")
    app = Flask(__name__, static_url_path="/sandbox/static")
    app.config.update(SANDBOX_CALLBACK_URL=callback_url, JSON_AS_ASCII=False, SECRET_KEY=config.secret_key)
    app.json.ensure_ascii = False
    app.extensions["sandbox"] = SandboxState(
        {config.wechat_appid: config.wechat_secret, config.miniapp_appid: config.miniapp_secret},
        config.miniapp_appid,
        state_file,
        latency_ms,
    )
    app.extensions["sandbox_push"] = sandbox_push(config)
    from server.sandbox.api import bp as api_bp
    from server.sandbox.control import bp as control_bp
    from server.sandbox.simulator import bp as simulator_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(control_bp)
    app.register_blueprint(simulator_bp)
    install_errors(app)

    @app.after_request
    def keep_state(response):
        if request.method != "GET":
            app.extensions["sandbox"].save()
        return response

    return app
