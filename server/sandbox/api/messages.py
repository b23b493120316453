"""Customer-service, template, mass and subscribe messages, with WeChat's limits."""

import time

from server.gateway.templates import TEMPLATES
from server.sandbox.api import body, bp, note, ok, state, wx_error
from server.sandbox.pushback import push_event_later

TEMPLATE_VALUE_LIMIT = 20
MASS_PER_MONTH = 4
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
    msgid = _next_id()
    note(
        title=spec.title,
        fields=[[label, (data["data"].get(k) or {}).get("value", "")] for k, label in spec.fields],
        truncated=cut,
        msgid=msgid,
    )
    push_event_later("TEMPLATESENDJOBFINISH", MsgID=msgid, Status="success")
    return ok(msgid=msgid)


@bp.post("/cgi-bin/message/mass/sendall")
def mass_by_tag():
    data = body()
    filter_ = (data or {}).get("filter") or {}
    if data is None or not (filter_.get("is_to_all") or "tag_id" in filter_):
        return wx_error(47001)
    world = state()
    if filter_.get("is_to_all"):
        audience = [u.openid for u in world.users.values() if u.subscribed]
    else:
        audience = [
            u.openid for u in world.users.values() if u.subscribed and int(filter_["tag_id"]) in u.tags
        ]
    return _mass_send(data, audience)


@bp.post("/cgi-bin/message/mass/send")
def mass_to_list():
    data = body()
    touser = (data or {}).get("touser")
    if not isinstance(touser, list) or not 2 <= len(touser) <= 10000:
        return wx_error(40130, "invalid openid list size, at least two openid")
    return _mass_send(data, touser)


def _mass_send(data, audience):
    world = state()
    if data.get("msgtype") not in ("text", "mpnews", "image", "voice", "mpvideo", "wxcard"):
        return wx_error(47001)
    with world.lock:  # the check and the count are one step: concurrent sends never exceed the limit
        sends = world.extra.setdefault("mass", {})
        client_id = data.get("clientmsgid")
        if client_id and client_id in sends:
            return wx_error(45065)
        delivered, filtered = _mass_audience(world, audience)
        msg_id = _next_id()
        if client_id:
            sends[client_id] = msg_id
    note(kind="mass", msg_id=msg_id, delivered=delivered, filtered=filtered)
    push_event_later(
        "MASSSENDJOBFINISH",
        MsgID=msg_id,
        Status="send success",
        TotalCount=len(audience),
        FilterCount=len(delivered),
        SentCount=len(delivered),
        ErrorCount=0,
    )
    return ok(msg_id=msg_id, msg_data_id=msg_id + 1)


def _mass_audience(world, audience):
    """(delivered, filtered): followers under this month's limit get it, and it counts for them."""
    month = time.strftime("%Y-%m", time.gmtime(world.now() + 8 * 3600))
    delivered, filtered = [], []
    for openid in audience:
        user = world.users.get(openid)
        if user is None or not user.subscribed or user.mass_received.get(month, 0) >= MASS_PER_MONTH:
            filtered.append(openid)
            continue
        user.mass_received[month] = user.mass_received.get(month, 0) + 1
        delivered.append(openid)
    return delivered, filtered


@bp.post("/cgi-bin/message/subscribe/send")
@bp.post("/cgi-bin/message/subscribe/bizsend")
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
        if limit and len(str((value or {}).get("value", ""))) > limit:
            return wx_error(47003, f"argument invalid! data.{keyword}.value exceeds {limit}")
    user = state().users.get(data["touser"])
    if user is None or data["template_id"] not in user.subscriptions:
        return wx_error(43101)
    user.subscriptions.discard(data["template_id"])  # one tap allows one message
    return ok()


def _next_id():
    with state().lock:
        counter = state().extra.get("next_id", 1000000000)
        state().extra["next_id"] = counter + 2
        return counter
