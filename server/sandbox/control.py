"""The sandbox's own JSON API (/sandbox/api): outbox, faults, clock, users, acting as a user."""

import re

import requests
from flask import Blueprint, abort, current_app, jsonify, request

from menus import to_wechat
from server.sandbox.api import state
from server.sandbox.api.media import add_media
from server.sandbox.api.qrcodes import scene_of_ticket
from server.sandbox.api.sns import issue_code
from server.sandbox.conversation import chat
from server.sandbox.state import MINIAPP_SUFFIX, Faults

bp = Blueprint("sandbox_control", __name__, url_prefix="/sandbox/api")
USER_EVENTS = {"subscribe", "scan", "click"}  # what opens the one-minute, three-message window
OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _json():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "JSON object expected")
    return data


@bp.get("/outbox")
def outbox():
    entries = state().outbox
    for name in ("path", "openid", "kind"):
        if request.args.get(name):
            entries = [e for e in entries if e.get(name) == request.args[name]]
    return jsonify(entries)


@bp.delete("/outbox")
def clear_outbox():
    state().outbox.clear()
    return jsonify({"cleared": True})


@bp.post("/reset")
def reset():
    state().reset()
    return jsonify({"reset": True})


@bp.get("/faults")
def get_faults():
    return jsonify(state().faults.as_dict())


@bp.put("/faults")
def set_faults():
    try:
        state().faults = Faults(**{**state().faults.as_dict(), **_json()})
    except TypeError as exc:
        abort(400, str(exc))
    return jsonify(state().faults.as_dict())


@bp.delete("/faults")
def clear_faults():
    state().faults = state().no_faults()
    return jsonify(state().faults.as_dict())


@bp.post("/revoke-tokens")
def revoke_tokens():
    state().revoke_tokens()
    return jsonify({"revoked": True})


@bp.post("/clock")
def advance_clock():
    state().clock_offset += float(_json().get("advance", 0))
    return jsonify({"now": state().now()})


@bp.post("/users")
def create_user():
    data = _json()
    openid = data.get("openid") or _new_openid()
    if not OPENID.match(openid):
        abort(400, "openid 只能由1-64个字母、数字、下划线或短横线组成")
    user = state().user(openid, nickname=data.get("nickname"), bound=data.get("bound", True) is not False)
    return jsonify(_user(user))


def _new_openid():
    push = current_app.extensions["sandbox_push"]
    while (openid := f"oSbx{push.new_suffix()}") in state().users:  # users outlive a restart
        pass
    return openid


@bp.get("/users")
def list_users():
    return jsonify([_user(u) for u in state().users.values()])


def _user(user):
    """`bound`: the account and the mini-program share an open-platform account, so WeChat gives
    the user one unionid in both; unbound users have none."""
    return {
        "openid": user.openid,
        "nickname": user.nickname,
        "subscribed": user.subscribed,
        "bound": user.unionid is not None,
    }


@bp.post("/users/<openid>/send")
def send_as_user(openid):
    """Deliver a message or event from `openid` to the app's /wechat; returns the passive reply."""
    data = _json()
    push = current_app.extensions["sandbox_push"]
    kind = data.pop("type", "text")
    if kind == "scan":
        kind, data = "event", _scan(openid, data)
    fields = push.build(openid, kind, data)
    if fields is None:
        abort(400, f"unknown message type {kind!r}")
    state().user(openid)
    return jsonify(deliver(openid, fields))


def _scan(openid, data):
    """A QR code scanned on the phone, as WeChat reports it: to someone who does not follow yet,
    subscribe with EventKey qrscene_<scene> (they follow on the way); to a follower, SCAN <scene>."""
    scene = str(data.get("scene") or "").strip()
    if not scene:
        abort(400, "请填写二维码的场景值，例如 st:330106001001")
    following = state().user(openid).subscribed
    return {"event": "SCAN" if following else "subscribe", "scene": scene}


@bp.post("/users/<openid>/image")
def send_image(openid):
    """Upload an image as the user's phone would and send it as an image message."""
    upload = request.files.get("image")
    if upload is None:
        abort(400, "an image file is required")
    media_id = add_media("image", upload.read(), upload.mimetype)
    push = current_app.extensions["sandbox_push"]
    state().user(openid)
    return jsonify(deliver(openid, push.build(openid, "image", {"media_id": media_id})))


@bp.get("/users/<openid>/chat")
def user_chat(openid):
    return jsonify(chat(state(), openid, after=request.args.get("after", 0, type=int)))


@bp.get("/menu")
def menu():
    """The menu published to the sandbox, or the one in `menus/` when none was published."""
    return jsonify(state().menu or to_wechat())


@bp.get("/qrcodes")
def qrcodes():
    tickets = state().extra.get("qrcodes", {})
    return jsonify(
        [{"ticket": t, "scene": scene_of_ticket(t), "permanent": e["permanent"]} for t, e in tickets.items()]
    )


@bp.post("/followers")
def add_followers():
    """Many users who follow the account at once, with no delivery to the app (a benchmark's
    100,000 followers); the app learns of them from its own seed, not from subscribe events."""
    openids = _json().get("openids")
    if not isinstance(openids, list) or not all(isinstance(o, str) and OPENID.match(o) for o in openids):
        abort(400, "openids: a list of openids (1-64 letters, digits, _ or -) is required")
    with state().lock:
        for openid in openids:
            state().user(openid).subscribed = True
    return jsonify({"following": len(openids)})


@bp.get("/mass")
def mass_sends():
    """Each mass send: its msg_id, clientmsgid, how many got it and how many were filtered, and why."""
    with state().lock:
        return jsonify([_mass_summary(send) for send in state().extra.get("mass_sends", {}).values()])


def _mass_summary(send):
    reasons = {}
    for reason in send["filtered"].values():
        reasons[reason] = reasons.get(reason, 0) + 1
    keep = ("msg_id", "clientmsgid", "msgtype", "target", "at")
    return {**{k: send[k] for k in keep}, "delivered": len(send["delivered"]), "filtered": reasons}


@bp.get("/mass/<int:msg_id>")
def mass_send(msg_id):
    """One mass send in full: who received it and who was filtered (openid -> reason)."""
    with state().lock:
        send = state().extra.get("mass_sends", {}).get(msg_id) or abort(404, "no such mass send")
        return jsonify(send)


@bp.get("/mass/received")
def mass_received():
    """The msg_ids each follower received (or one follower's, with ?openid=)."""
    with state().lock:
        received = state().extra.get("mass_received", {})
        if request.args.get("openid"):
            return jsonify({request.args["openid"]: received.get(request.args["openid"], [])})
        return jsonify(received)


@bp.post("/miniapp/code")
def miniapp_code():
    """Only issue a wx.login() code (single use, five minutes), for a client to exchange itself."""
    openid = _json().get("openid") or abort(400, "openid is required")
    state().user(openid)
    return jsonify({"code": issue_code(openid)})


@bp.post("/miniapp/login")
def miniapp_login():
    """Issue a wx.login() code for a user and exchange it at the app's API, as the mini-program does."""
    openid = _json().get("openid") or abort(400, "openid is required")
    state().user(openid)
    code = issue_code(openid)
    url = current_app.config["SANDBOX_CALLBACK_URL"].rsplit("/wechat", 1)[0] + "/api/v1/auth/login"
    try:
        response = requests.post(url, json={"code": code}, timeout=5)
    except requests.RequestException as exc:
        return jsonify({"code": code, "status": None, "error": str(exc)})
    try:
        answer = response.json()
    except ValueError:
        answer = {"raw": response.text[:500]}
    return jsonify({"code": code, "status": response.status_code, "response": answer})


@bp.post("/miniapp/subscribe")
def miniapp_subscribe():
    """The user taps 允许 on wx.requestSubscribeMessage for one to three templates: one message of each
    may go to their mini-program openid (`<openid>_mp`; their plain openid is taken too)."""
    data = _json()
    templates = data.get("template_ids") or [data.get("template_id")]
    if not data.get("openid") or not all(templates) or len(templates) > 3:
        abort(400, "openid and template_id (or template_ids, at most 3) are required")
    openid = data["openid"].removesuffix(MINIAPP_SUFFIX)
    with state().lock:
        taps = state().user(openid).subscriptions
        for template_id in templates:
            taps[template_id] = taps.get(template_id, 0) + 1
        remaining = {t: taps[t] for t in templates}
    return jsonify(
        {"openid": openid + MINIAPP_SUFFIX, "subscribed": ", ".join(templates), "remaining": remaining}
    )


@bp.get("/miniapp/subscribe")
def miniapp_subscriptions():
    """The taps a user has not used yet, by template id."""
    user = state().miniapp_user(request.args.get("openid", ""))
    return jsonify(dict(user.subscriptions) if user else {})


def deliver(openid, fields):
    """Post `fields` to the callback as WeChat would (retrying a silent server up to 3 times)."""
    push = current_app.extensions["sandbox_push"]
    event = fields.get("Event", "").lower() if fields["MsgType"] == "event" else None
    _before_delivery(openid, event)
    query, payload = push.sign(fields)
    for attempt in range(4):
        try:
            response = requests.post(
                current_app.config["SANDBOX_CALLBACK_URL"], params=query, data=payload, timeout=5
            )
            break
        except requests.Timeout:
            if attempt == 3:
                return {"status": None, "error": "the app did not answer within 5 seconds, 4 times"}
        except requests.ConnectionError as exc:
            return {"status": None, "error": f"cannot reach the app: {exc}"}
    reply = push.open_reply(response.content, query) if response.status_code == 200 else {}
    state().record(
        "/sandbox/delivered",
        None,
        {"sent": fields, "reply": reply},
        response.status_code,
        openid=openid,
        kind="delivery",
    )
    return {"status": response.status_code, "sent": fields, "reply": reply, "attempts": attempt + 1}


def _before_delivery(openid, event):
    user = state().user(openid)
    if event in ("subscribe", "subscribe_scan"):
        user.subscribed = True
    elif event == "unsubscribe":
        user.subscribed = False
    if event is None:
        state().user_spoke(openid, "message")
    elif event in USER_EVENTS:
        state().user_spoke(openid, "event")
