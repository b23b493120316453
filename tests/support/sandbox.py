"""A test's handle on the WeChat sandbox, over its HTTP control API."""

import io
import time

import requests
from PIL import Image
from sqlalchemy import select

from models import InboundMessage


class SandboxClient:
    def __init__(self, url):
        self.url = url
        self.http = requests.Session()

    def _call(self, method, path, **kwargs):
        response = self.http.request(method, f"{self.url}/sandbox/api{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def reset(self):
        return self._call("POST", "/reset")

    def user(self, openid=None, nickname=None, bound=True):
        """Make a user; `bound=False`: WeChat gives them no unionid (account and mini-program not bound)."""
        body = {"openid": openid, "nickname": nickname, "bound": bound}
        return self._call("POST", "/users", json=body)["openid"]

    def send(self, openid, type="text", **data):
        """Deliver a message or event as `openid`; returns {status, sent, reply}."""
        return self._call("POST", f"/users/{openid}/send", json={"type": type, **data})

    def say(self, openid, content):
        """Send a text; returns the reply's text (or None for no reply)."""
        return self.send(openid, "text", content=content)["reply"].get("Content")

    def follow(self, openid, scene=None):
        return self.send(openid, "event", event="subscribe", scene=scene)["reply"].get("Content")

    def scan(self, openid, scene):
        """Scan a QR code on the phone: WeChat sends subscribe (qrscene_) or SCAN, by whether they follow."""
        return self.send(openid, "scan", scene=scene)

    def click(self, openid, key):
        return self.send(openid, "event", event="CLICK", key=str(key))["reply"].get("Content")

    def outbox(self, **filters):
        return self._call("GET", "/outbox", params=filters)

    def clear_outbox(self):
        return self._call("DELETE", "/outbox")

    def faults(self, **faults):
        return self._call("PUT", "/faults", json=faults)

    def clear_faults(self):
        return self._call("DELETE", "/faults")

    def revoke_tokens(self):
        return self._call("POST", "/revoke-tokens")

    def advance(self, seconds):
        return self._call("POST", "/clock", json={"advance": seconds})

    def now(self):
        """The sandbox's clock (advanced by `advance`)."""
        return self.advance(0)["now"]

    def add_followers(self, openids):
        """Users who follow the account, made at once with nothing delivered to the app."""
        return self._call("POST", "/followers", json={"openids": list(openids)})

    def grant_subscribe(self, openid, *template_ids):
        """The user taps 允许 in the mini-program's subscribe prompt for `template_ids`."""
        return self._call("POST", "/miniapp/subscribe", json={"openid": openid, "template_ids": template_ids})

    def mass_sends(self):
        return self._call("GET", "/mass")

    def mass_send(self, msg_id):
        return self._call("GET", f"/mass/{msg_id}")

    def mass_received(self):
        """openid -> the msg_ids of the mass sends they received."""
        return self._call("GET", "/mass/received")


def wait_for_event(db, name, contains="", timeout=5):
    """The first event `name` the app stored whose XML holds `contains`, waiting for WeChat's push."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        for row in db.session.scalars(select(InboundMessage).filter_by(event=name)):
            if contains in row.body:
                return row
        time.sleep(0.05)
    return None


def small_jpeg():
    """A real 8x6 JPEG, as a phone's camera would send (only smaller)."""
    data = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(data, "JPEG")
    return data.getvalue()
