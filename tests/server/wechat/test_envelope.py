import base64

import pytest

from server.wechat_protocol.envelope import Envelope, EnvelopeError
from server.wechat_protocol.messages import read_fields
from server.wechat_protocol.signing import Forbidden, check_params, check_signature, signature

# Tencent's WXBizMsgCrypt demo (official account, safe mode).
TOKEN = "spamtest"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"
TIMESTAMP, NONCE = "1409735669", "1320562132"
MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2Ld"
    "JF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5V"
    "Tjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSU"
    "dUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
)


def _first_block():
    """The 16 random bytes Tencent used: the first AES-CBC block of the plaintext."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = base64.b64decode(AES_KEY + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    return (decryptor.update(base64.b64decode(ENCRYPT)) + decryptor.finalize())[:16]


def test_tencent_vector_signature_matches():
    assert signature(TOKEN, TIMESTAMP, NONCE, ENCRYPT) == MSG_SIGNATURE
    check_signature(MSG_SIGNATURE, TOKEN, TIMESTAMP, NONCE, ENCRYPT)  # raises Forbidden if refused


def test_tencent_vector_decrypts_to_the_published_message():
    xml, _key = Envelope(TOKEN, APPID, [AES_KEY]).open(ENCRYPT)
    fields = read_fields(xml.encode())
    assert fields["FromUserName"] == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
    assert fields["ToUserName"] == "gh_10f6c3c3ac5a"
    assert fields["CreateTime"] == "1409735668"
    assert fields["Content"] == "abcdteT"
    assert fields["MsgId"] == "6054768590064713728"


def test_tencent_vector_reencrypts_exactly():
    envelope = Envelope(TOKEN, APPID, [AES_KEY])
    xml, key = envelope.open(ENCRYPT)
    sealed = read_fields(envelope.seal(xml, key, NONCE, TIMESTAMP, random_prefix=_first_block()).encode())
    assert sealed["Encrypt"] == ENCRYPT
    assert sealed["MsgSignature"] == MSG_SIGNATURE


def test_plaintext_signature_vector():
    assert signature("AAAAA", "1714037059", "486452656") == "899cf89e464efb63f54ddac96b0a0a235f53aa78"


def test_previous_key_opens_and_is_reported():
    old = AES_KEY
    new = "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj"
    xml, key = Envelope(TOKEN, APPID, [new, old]).open(ENCRYPT)
    assert "abcdteT" in xml
    assert key == base64.b64decode(old + "=")


def test_other_app_or_key_cannot_open():
    with pytest.raises(EnvelopeError):
        Envelope(TOKEN, "wx0000000000000000", [AES_KEY]).open(ENCRYPT)
    with pytest.raises(EnvelopeError):
        Envelope(TOKEN, APPID, ["ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj"]).open(ENCRYPT)
    with pytest.raises(EnvelopeError):
        Envelope(TOKEN, APPID, [AES_KEY]).open("not base64 at all!")


@pytest.mark.parametrize("given", ["", "0" * 40, MSG_SIGNATURE.upper(), None])
def test_wrong_signatures_are_refused(given):
    with pytest.raises(Forbidden):
        check_signature(given, TOKEN, TIMESTAMP, NONCE, ENCRYPT)


@pytest.mark.parametrize(
    "timestamp,nonce", [("", "1"), ("12a", "1"), ("1409735669", ""), ("1409735669", "a b")]
)
def test_malformed_parameters_are_refused(timestamp, nonce):
    with pytest.raises(Forbidden):
        check_params(timestamp, nonce, window=10**10)


def test_timestamps_outside_the_window_are_refused():
    check_params("1000", "1", window=300, now=1300)
    with pytest.raises(Forbidden):
        check_params("1000", "1", window=300, now=1301)
    with pytest.raises(Forbidden):
        check_params("1301", "1", window=300, now=1000)
