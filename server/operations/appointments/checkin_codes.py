"""Check-in codes: what a person shows at the desk for a booking or an event sign-up.

The QR code carries a signed token, valid only on the appointment's day: the kind ("B" booking, "E"
event sign-up), its id, the day and an HMAC, nothing about the person. The 6-digit short code is the
typed fallback, derived from the same key; staff look it up among their stations' appointments of
that day, so it needs no storage and can be read out on the phone.
"""

import hashlib
import hmac
import io
import re
from datetime import date

import qrcode
from flask import current_app

PREFIX = "VTC1"
TOKEN = re.compile(rf"^{PREFIX}-([BE])-(\d{{1,18}})-(\d{{8}})-([0-9a-f]{{20}})$")


def token_for(kind, record_id, day):
    body = f"{PREFIX}-{kind}-{record_id}-{day:%Y%m%d}"
    return f"{body}-{_mac(body)[:20]}"


def short_code_for(kind, record_id, day):
    return f"{int(_mac(f'short-{kind}-{record_id}-{day:%Y%m%d}')[:12], 16) % 1_000_000:06d}"


def read_token(token):
    """(kind, id, day) of a genuine token, else None."""
    match = TOKEN.match((token or "").strip())
    if not match:
        return None
    kind, record_id, day, mac = match.groups()
    if not hmac.compare_digest(mac, _mac(f"{PREFIX}-{kind}-{record_id}-{day}")[:20]):
        return None
    return kind, int(record_id), date(int(day[:4]), int(day[4:6]), int(day[6:]))


def qr_png(token, box_size=8):
    image = qrcode.make(token, box_size=box_size, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _mac(message):
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"check-in codes", hashlib.sha256).digest()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
