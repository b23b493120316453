"""The registry of conversation handlers: plain dicts filled by decorators, resolved in one order.

Order (DESIGN.md): an event first (a click or scan also ends a dialog in progress); then the active
dialog's step; then an exact match on the message type; then keyword rules; then the fallback.
"""

from dataclasses import dataclass

# Events that arrive without the user doing anything in the chat: they never end a dialog.
PASSIVE_EVENTS = frozenset(
    {
        "location",
        "view",
        "view_miniprogram",
        "templatesendjobfinish",
        "masssendjobfinish",
        "subscribe_msg_popup_event",
        "subscribe_msg_change_event",
        "subscribe_msg_sent_event",
        "unsubscribe",
    }
)
CANCEL_WORDS = frozenset({"取消", "退出"})


class DuplicateHandler(Exception):
    """Two handlers registered for the same key: caught at import, never at dispatch."""


@dataclass(frozen=True)
class Route:
    handler: object
    slow: bool = False  # runs in a job; the user gets an acknowledgement now and the answer later

    @property
    def name(self):
        return f"{self.handler.__module__}.{self.handler.__name__}"


class Router:
    def __init__(self):
        self.clicks = {}
        self.events = {}
        self.steps = {}
        self.messages = {}
        self.keywords = {}
        self.scenes = {}
        self.fallbacks = {}

    def _register(self, table, key, handler, slow=False):
        if key in table:
            raise DuplicateHandler(f"{key!r} already handled by {table[key].name}")
        table[key] = Route(handler, slow)
        return handler

    def click(self, key, slow=False):
        return lambda fn: self._register(self.clicks, str(key), fn, slow)

    def event(self, name, slow=False):
        return lambda fn: self._register(self.events, name.lower(), fn, slow)

    def step(self, name):
        return lambda fn: self._register(self.steps, name, fn)

    def message(self, msg_type, slow=False):
        return lambda fn: self._register(self.messages, msg_type, fn, slow)

    def text(self, keywords, slow=False):
        def decorate(fn):
            for word in keywords:
                self._register(self.keywords, word.strip().lower(), fn, slow)
            return fn

        return decorate

    def scene(self, prefix):
        """A QR scene `prefix:value` (e.g. `st:3301...`), scanned by a follower or a new one."""
        return lambda fn: self._register(self.scenes, prefix, fn)

    def fallback(self, kind="message"):
        """The answer of last resort: kind `message` for anything unmatched, `event`, `click`, `step`."""
        return lambda fn: self._register(self.fallbacks, kind, fn)

    def resolve(self, msg, dialog):
        """The route for a message, ending the dialog when an event interrupts it."""
        if is_event(msg):
            return self._resolve_event(msg, dialog)
        said = text_of(msg).strip().lower()
        if dialog.active:
            if said in CANCEL_WORDS:
                return self.keywords[said]
            return self.steps.get(dialog.step) or self.fallbacks["step"]
        if msg.type in self.messages and not said:
            return self.messages[msg.type]
        return self.keywords.get(said) or self.fallbacks["message"]

    def _resolve_event(self, msg, dialog):
        event = event_of(msg)
        if event not in PASSIVE_EVENTS and dialog.active:
            dialog.end()
        if event == "click":
            return self.clicks.get(msg.key) or self.fallbacks["click"]
        return self.events.get(event) or self.fallbacks["event"]

    def by_name(self, name):
        """A registered route by its handler's dotted name (stored with each delivery)."""
        tables = (self.clicks, self.events, self.steps, self.messages, self.keywords, self.fallbacks)
        return next((r for table in tables for r in table.values() if r.name == name), None)

    def scene_route(self, scene):
        prefix = scene.split(":", 1)[0]
        return self.scenes.get(prefix)


def is_event(msg):
    # wechatpy gives unknown events its UnknownMessage; the raw MsgType still says "event".
    return msg._data.get("MsgType") == "event"


def event_of(msg):
    """The event name, lower case: `click`, `subscribe`, `subscribe_scan` (qrscene_), `scan`..."""
    return (msg._data.get("Event") or "").lower() if is_event(msg) else None


def text_of(msg):
    """What the user said: the text, or what WeChat recognised in a voice message."""
    if msg.type == "text":
        return msg.content or ""
    if msg.type == "voice":
        return getattr(msg, "recognition", None) or ""
    return ""


router = Router()
