"""Customer-service, template and subscribe messages, with WeChat's limits (mass sends: mass.py)."""

import itertools
import random

from server.gateway.templates import TEMPLATES
from server.sandbox.api import body, bp, note, ok, only_for, state, wx_error
from server.sandbox.pushback import push_event_later
from server.sandbox.state import MINIAPP_SUFFIX

TEMPLATE_VALUE_LIMIT = 20
_ids = itertools.count(random.randrange(10**9, 2 * 10**9) * 2, 2)  # even: a mass send's msg_data_id is +1
# Mini-program subscribe-message value limits by keyword type (characters).
SUBSCRIBE_LIMITS = {
    "thing": 20,
    "number": 32,
    "letter": 32,
    "symbol": 5,
    "character_string": 32,
    "phone_number": 17,
    "car_number": 8,
    "name": 10,
    "phrase": 5,
    "amount": 11,
}
SANDBOX_TEMPLATES = {spec.sandbox_id: spec for spec in TEMPLATES.values()}


@bp.post("/cgi-bin/message/custom/send")
def send_custom():
    data = body()
    if not data or not data.get("touser") or not data.get("msgtype"):
        return wx_error(47001)
    note(openid=data["touser"], kind="custom")
    errcode = state().window_error(data["touser"])
    return wx_error(errcode) if errcode else ok()


@bp.post("/cgi-bin/message/template/send")
def send_template():
    data = body()
    if not data or not data.get("touser") or not isinstance(data.get("data"), dict):
        return wx_error(47001)
    note(openid=data["touser"], kind="template")
    spec = SANDBOX_TEMPLATES.get(data.get("template_id"))
    if spec is None:
        return wx_error(40037)
    user = state().users.get(data["touser"])
    if user is None or not user.subscribed:
        return wx_error(43004)
    mini_program = data.get("miniprogram")
    if mini_program is not None:
        if not isinstance(mini_program, dict) or mini_program.get("appid") != state().miniapp_appid:
            return wx_error(40166)  # not a mini-program linked to the account
        if not mini_program.get("pagepath"):
            return wx_error(40165)
    cut = [k for k, v in data["data"].items() if len(str((v or {}).get("value", ""))) > TEMPLATE_VALUE_LIMIT]
    for keyword in cut:  # WeChat cuts silently; the outbox says so, so tests can catch it
        data["data"][keyword]["value"] = str(data["data"][keyword]["value"])[:TEMPLATE_VALUE_LIMIT]
    msgid = next_id()
    note(
        title=spec.title,
        fields=[[label, (data["data"].get(k) or {}).get("value", "")] for k, label in spec.fields],
        truncated=cut,
        msgid=msgid,
    )
    push_event_later("TEMPLATESENDJOBFINISH", MsgID=msgid, Status="success")
    return ok(msgid=msgid)


@bp.post("/cgi-bin/message/subscribe/send")
@only_for("miniapp")
def send_subscribe():
    data = body()
    if (
        not data
        or not data.get("touser")
        or not data.get("template_id")
        or not isinstance(data.get("data"), dict)
    ):
        return wx_error(47001)
    note(openid=data["touser"], kind="subscribe")
    for keyword, value in data["data"].items():
        limit = SUBSCRIBE_LIMITS.get(keyword.rstrip("0123456789"))
        if limit and len(str((value or {}).get("value", ""))) > limit:  # refused, never cut
            return wx_error(47003, f"argument invalid! data.{keyword}.value exceeds {limit}")
    with state().lock:
        user = state().miniapp_user(data["touser"])
        if user is None or not data["touser"].endswith(MINIAPP_SUFFIX):
            return wx_error(40003)
        if user.subscriptions.get(data["template_id"], 0) < 1:
            return wx_error(43101)
        user.subscriptions[data["template_id"]] -= 1  # one tap allows one message
    return ok(msgid=next_id())


def next_id():
    """A msgid/msg_id never given before, even across a reset: a late event must not match a new send."""
    return next(_ids)
