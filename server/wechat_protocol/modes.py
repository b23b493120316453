"""The message mode chosen in WeChat's admin console (消息加解密方式) and what each one accepts.

The plain `signature` covers only the token, timestamp and nonce, never the body: whoever has seen one
delivery's query string could sign any plaintext with it. Only `msg_signature` covers a message (its
Encrypt field), so safe mode accepts nothing else.
"""

from server.wechat_protocol.signing import Forbidden

PLAIN, COMPATIBLE, SAFE = "plain", "compatible", "safe"
MODES = (PLAIN, COMPATIBLE, SAFE)


def encrypted(mode, args):
    """Whether this delivery is to be read from its Encrypt field (under `msg_signature`) rather than as
    plaintext; Forbidden when `mode` does not accept it. An encrypted compatible-mode body carries the
    plaintext too: it is never read."""
    claims_aes = args.get("encrypt_type") == "aes"
    if mode == SAFE and not claims_aes:
        raise Forbidden("safe mode accepts only encrypted deliveries")
    if mode == PLAIN and claims_aes:
        raise Forbidden("plain mode accepts only plaintext deliveries")
    return claims_aes
