"""Reading WeChat's XML safely and rendering replies that cannot break it."""

import re
from xml.etree.ElementTree import ParseError, TreeBuilder, XMLParser

from wechatpy import parse_message
from wechatpy.replies import TextReply

# Characters XML 1.0 cannot carry, even in CDATA.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ACCOUNT_ID = re.compile(r"^[A-Za-z0-9_\-@.]{1,64}$")  # openids and gh_ ids
TEXT_REPLY_LIMIT = 2048  # bytes WeChat shows in a passive text reply
SUCCESS = "success"


class BadMessage(Exception):
    """The body is not a WeChat message we can read: broken XML, a DTD or entities, missing fields."""


class _NoDoctype(TreeBuilder):
    """Refuses a DOCTYPE as soon as it starts: with no DTD no entity can be declared, so none can be
    expanded (billion laughs) or fetched (XXE); an undeclared one is a ParseError. This is what
    defusedxml's forbid_dtd does, on the C parser instead of defusedxml's pure-Python one, which cost
    twice as much on every callback (docs/BENCHMARKS.md)."""

    def doctype(self, name, pubid, system):
        raise BadMessage("a DOCTYPE is not allowed")


def read_fields(body):
    """The top-level fields of `<xml>...</xml>`; refuses DTDs and entities before expanding anything."""
    parser = XMLParser(target=_NoDoctype())
    try:
        parser.feed(body)
        root = parser.close()
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: an unknown encoding declared
        raise BadMessage(f"unreadable XML: {type(exc).__name__}") from exc
    if root.tag != "xml":
        raise BadMessage("root element is not <xml>")
    return {child.tag: (child.text or "") for child in root}


def parse(xml_text):
    """A wechatpy message object from checked XML."""
    fields = read_fields(xml_text.encode())
    if not all(ACCOUNT_ID.match(fields.get(name, "")) for name in ("FromUserName", "ToUserName")):
        raise BadMessage("FromUserName and ToUserName must be WeChat ids")
    if not fields.get("MsgType") or not fields.get("CreateTime", "").isdigit():
        raise BadMessage("MsgType and a numeric CreateTime are required")
    if fields.get("MsgId") and not fields["MsgId"].isdigit():
        raise BadMessage("MsgId is not a number")
    return parse_message(xml_text)


def xml_safe(text):
    """Text that renders inside CDATA whatever it contains: `]]>` split, control characters gone."""
    return NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>")


def fit(text, limit=TEXT_REPLY_LIMIT):
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode(errors="ignore") + "…"


def render_reply(reply, msg):
    """The passive reply body: `success` for no reply, else a text reply to the sender."""
    if reply is None:
        return SUCCESS
    return TextReply(message=msg, content=xml_safe(fit(reply))).render()
