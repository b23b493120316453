"""No secret reaches a log line: every record's message and traceback is masked as it is made.

WeChat's API carries secrets in URLs (`access_token=`, `secret=`, `js_code=`), and libraries
(requests, urllib3, RQ, Werkzeug) put URLs and exceptions into their logs. The mask is the
process's log record factory, so it covers every logger and every handler: the web app, `flask
worker`, the embedded worker and a plain `rq worker` (each builds the app, which installs it).
"""

import logging
import re

MASK = "***"
NAMES = (
    "secret",
    "appsecret",
    "access_token",
    "refresh_token",
    "js_code",
    "session_key",
    "token",
    "csrf_token",
    "password",
    "aes_key",
    "encoding_aes_key",
    "encodingaeskey",
)
# name=value in a query or a form, "name": "value" in JSON or a dict's repr
_NAMES = "|".join(NAMES)
_PAIRS = re.compile(rf"""(?i)\b({_NAMES})\b(["']?\s*[=:]\s*["']?)[^&\s"',;)}}\]]+""")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")  # postgresql://user:password@host
_BEARER = re.compile(r"(?i)\b(bearer\s+)[\w.~+/=-]+")
MIN_KNOWN = 6  # shorter configured values would mask ordinary words
_known = set()  # the configured secrets themselves, masked wherever they appear
_formatter = logging.Formatter()


def redact(text):
    """`text` with every secret in it replaced by ***."""
    for value in sorted(_known, key=len, reverse=True):
        text = text.replace(value, MASK)
    text = _PAIRS.sub(rf"\1\2{MASK}", text)
    text = _URL_PASSWORD.sub(rf"\1{MASK}@", text)
    return _BEARER.sub(rf"\1{MASK}", text)


def install(*secrets):
    """Mask `secrets` (the configured appsecrets, keys, tokens) and the named ones in every log
    record from now on; installing again only adds secrets."""
    _known.update(value for value in secrets if value and len(value) >= MIN_KNOWN)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts", False):
        logging.setLogRecordFactory(_redacting(factory))


def _redacting(factory):
    def make_record(*args, **kwargs):
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format: logging reports it
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(_formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    make_record.redacts = True
    return make_record
