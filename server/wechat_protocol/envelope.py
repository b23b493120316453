"""Safe-mode (AES) envelopes: open with the current or previous key, seal with the one that worked."""

import base64

from wechatpy.crypto import PrpCrypto

from server.wechat_protocol.signing import signature

SEALED = (
    "<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature>"
    "<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>"
)


class EnvelopeError(Exception):
    """The Encrypt field does not decrypt to a message for this app under any known key."""


class _FixedRandomCrypto(PrpCrypto):
    """Reproduces a known ciphertext in tests by fixing the 16 random leading bytes."""

    def __init__(self, key, random_prefix):
        super().__init__(key)
        self.random_prefix = random_prefix

    def get_random_string(self):
        return self.random_prefix


class Envelope:
    def __init__(self, token, appid, aes_keys):
        self.token = token
        self.appid = appid
        self.keys = [base64.b64decode(k + "=") for k in aes_keys if k]

    def open(self, encrypt):
        """The inner XML and the key that opened it."""
        for key in self.keys:
            try:
                return PrpCrypto(key).decrypt(encrypt, self.appid), key
            except Exception:  # wrong key or garbage: wechatpy raises whatever the bytes provoke
                continue
        raise EnvelopeError("cannot decrypt the message with the current or previous EncodingAESKey")

    def seal(self, xml, key, nonce, timestamp, random_prefix=None):
        crypto = _FixedRandomCrypto(key, random_prefix) if random_prefix else PrpCrypto(key)
        encrypt = crypto.encrypt(xml, self.appid).decode()
        sig = signature(self.token, timestamp, nonce, encrypt)
        return SEALED.format(encrypt=encrypt, signature=sig, timestamp=timestamp, nonce=nonce)
