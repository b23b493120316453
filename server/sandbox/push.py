"""WeChat's side of the callback: messages built, signed and encrypted exactly as WeChat sends them."""

import itertools
import random
import secrets
import time
from xml.sax.saxutils import escape

from server.config import SANDBOX_ACCOUNT_ID
from server.wechat_protocol.envelope import Envelope
from server.wechat_protocol.messages import read_fields, read_reply
from server.wechat_protocol.modes import COMPATIBLE, PLAIN, SAFE
from server.wechat_protocol.signing import signature

_msg_ids = itertools.count(random.randrange(10**17, 9 * 10**17))


def message_xml(fields):
    """`<xml>` with each field as WeChat writes it: numbers bare, text in CDATA."""
    parts = []
    for name, value in fields.items():
        if isinstance(value, int):
            parts.append(f"<{name}>{value}</{name}>")
        else:
            parts.append(f"<{name}><![CDATA[{str(value).replace(']]>', ']]]]><![CDATA[>')}]]></{name}>")
    return "<xml>" + "".join(parts) + "</xml>"


class Push:
    """Builds deliveries to one official account's callback in plaintext or safe (AES) mode."""

    def __init__(self, token, appid, aes_key, account=SANDBOX_ACCOUNT_ID, mode=SAFE):
        self.token = token
        self.appid = appid
        self.account = account
        self.mode = mode
        self.envelope = Envelope(token, appid, [aes_key])

    def fields(self, openid, msg_type, created=None, **extra):
        base = {
            "ToUserName": self.account,
            "FromUserName": openid,
            "CreateTime": int(created or time.time()),
            "MsgType": msg_type,
        }
        if msg_type != "event":
            extra.setdefault("MsgId", next(_msg_ids))
        return base | extra

    def text(self, openid, content, **extra):
        return self.fields(openid, "text", Content=content, **extra)

    def event(self, openid, event, key=None, **extra):
        fields = self.fields(openid, "event", Event=event, **extra)
        if key is not None:
            fields["EventKey"] = key
        return fields

    def sign(self, fields, mode=None, timestamp=None, nonce=None):
        """(query string parameters, body bytes) for one delivery."""
        return self.sign_xml(message_xml(fields), fields.get("FromUserName"), mode, timestamp, nonce)

    def sign_xml(self, xml, openid=None, mode=None, timestamp=None, nonce=None):
        """(query string parameters, body bytes) for one delivery of the message `xml`."""
        mode = mode or self.mode
        timestamp = str(int(timestamp or time.time()))
        nonce = nonce or str(secrets.randbelow(10**10))
        query = {"signature": signature(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        if openid:
            query["openid"] = openid
        if mode == PLAIN:
            return query, xml.encode()
        sealed = read_fields(self.envelope.seal(xml, self.envelope.keys[0], nonce, timestamp).encode())
        query |= {"encrypt_type": "aes", "msg_signature": sealed["MsgSignature"]}
        if mode == COMPATIBLE:
            body = xml.replace("</xml>", f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>")
        else:
            body = (
                f"<xml><ToUserName><![CDATA[{escape(self.account)}]]></ToUserName>"
                f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
            )
        return query, body.encode()

    def open_reply(self, body, query):
        """The reply's inner XML fields (decrypted in safe mode), or {} for `success`/empty; a news
        reply's cards under `Articles` (messages.read_reply)."""
        text = body.decode() if isinstance(body, bytes) else body
        if text in ("", "success"):
            return {}
        fields = read_reply(text.encode())
        if query.get("encrypt_type") == "aes":
            expected = signature(self.token, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"])
            if expected != fields["MsgSignature"]:
                raise ValueError("reply signature does not match")
            inner, _key = self.envelope.open(fields["Encrypt"])
            fields = read_reply(inner.encode())
        return fields
