"""Reading WeChat's XML safely and rendering replies that cannot break it."""

import re
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, TreeBuilder, XMLParser

from wechatpy import parse_message
from wechatpy.replies import ArticlesReply, TextReply

# Characters XML 1.0 cannot carry, even in CDATA.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ACCOUNT_ID = re.compile(r"^[A-Za-z0-9_\-@.]{1,64}$")  # openids and gh_ ids
CREATE_TIME = re.compile(r"^[0-9]{1,10}$")  # Unix seconds; more digits overflow a date
MSG_ID = re.compile(r"^[0-9]{1,20}$")  # a 64-bit number
# The only top-level fields WeChat sends with elements inside (scan, photo and location menu events, the
# mass send's report); any other field is text, once.
CONTAINERS = frozenset(
    {"ScanCodeInfo", "SendPicsInfo", "SendLocationInfo", "CopyrightCheckResult", "ArticleUrlResult"}
)
CHUNK = 256  # bytes fed to the parser at a time, so a refused DOCTYPE stops it before the rest is read
TEXT_REPLY_LIMIT = 2048  # bytes WeChat shows in a passive text reply
CARD_TITLE_LIMIT = 192  # bytes of a news card's title (64 Chinese characters)
CARD_DESCRIPTION_LIMIT = 1024
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


def read_fields(body, containers=CONTAINERS):
    """The top-level fields of `<xml>...</xml>`; refuses DTDs and entities before expanding anything,
    and a field repeated, carrying attributes or, but for `containers`, elements."""
    return _fields(_root(body), containers)


def read_reply(body):
    """The fields of a passive reply as WeChat reads it; a news reply's cards under `Articles`, a
    list of {Title, Description, PicUrl, Url}."""
    root = _root(body)
    fields = _fields(root, CONTAINERS | {"Articles"})
    if "Articles" in fields:
        fields["Articles"] = [
            {field.tag: field.text or "" for field in item} for item in root.find("Articles")
        ]
    return fields


def _root(body):
    parser = XMLParser(target=_NoDoctype())
    try:
        for start in range(0, len(body), CHUNK):
            parser.feed(body[start : start + CHUNK])
        root = parser.close()
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: an unknown encoding declared
        raise BadMessage(f"unreadable XML: {type(exc).__name__}") from exc
    if root.tag != "xml":
        raise BadMessage("root element is not <xml>")
    return root


def _fields(root, containers):
    fields = {}
    for child in root:
        if child.tag in fields:
            raise BadMessage(f"{child.tag} appears more than once")
        if child.attrib or (len(child) and child.tag not in containers):
            raise BadMessage(f"{child.tag} must be plain text")
        fields[child.tag] = child.text or ""
    return fields


def parse(xml_text):
    """A wechatpy message object from checked XML."""
    fields = read_fields(xml_text.encode())
    if not all(ACCOUNT_ID.fullmatch(fields.get(name, "")) for name in ("FromUserName", "ToUserName")):
        raise BadMessage("FromUserName and ToUserName must be WeChat ids")
    if not fields.get("MsgType") or not CREATE_TIME.fullmatch(fields.get("CreateTime", "")):
        raise BadMessage("MsgType and a CreateTime of at most 10 digits are required")
    if fields.get("MsgId") and not MSG_ID.fullmatch(fields["MsgId"]):
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


@dataclass(frozen=True)
class NewsCard:
    """A passive reply of one news card (图文): WeChat lets a reply to a user's message carry one."""

    title: str
    description: str
    url: str
    picture_url: str = ""


def render_reply(reply, msg):
    """The passive reply body: `success` for no reply, a news card, else a text reply to the sender."""
    if reply is None:
        return SUCCESS
    if isinstance(reply, NewsCard):
        article = {
            "title": xml_safe(fit(reply.title, CARD_TITLE_LIMIT)),
            "description": xml_safe(fit(reply.description, CARD_DESCRIPTION_LIMIT)),
            "image": xml_safe(reply.picture_url),
            "url": xml_safe(reply.url),
        }
        return ArticlesReply(message=msg, articles=[article]).render()
    return TextReply(message=msg, content=xml_safe(fit(reply))).render()
