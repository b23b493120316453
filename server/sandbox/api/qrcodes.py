"""Parametric QR codes: temporary (≤ 30 days) and permanent (≤ 100,000), and their PNG."""

import io
import secrets

import qrcode
from flask import request, send_file

from server.sandbox.api import body, bp, ok, state, wx_error

MAX_EXPIRE = 30 * 24 * 3600
MAX_PERMANENT = 100_000
ACTIONS = {
    "QR_SCENE": (False, "scene_id"),
    "QR_STR_SCENE": (False, "scene_str"),
    "QR_LIMIT_SCENE": (True, "scene_id"),
    "QR_LIMIT_STR_SCENE": (True, "scene_str"),
}


def _tickets():
    return state().extra.setdefault("qrcodes", {})  # ticket -> {scene, permanent, expires_at, url}


@bp.post("/cgi-bin/qrcode/create")
def create_qrcode():
    data = body() or {}
    if data.get("action_name") not in ACTIONS:
        return wx_error(40097)
    permanent, field = ACTIONS[data["action_name"]]
    scene = ((data.get("action_info") or {}).get("scene") or {}).get(field)
    problem = _scene_problem(scene, field, permanent)
    if problem:
        return wx_error(40053, problem)
    tickets = _tickets()
    if permanent and sum(t["permanent"] for t in tickets.values()) >= MAX_PERMANENT:
        return wx_error(45003, "permanent qrcode limit reached")
    ticket = secrets.token_urlsafe(32)
    url = f"http://weixin.qq.com/q/sandbox-{ticket[:22]}"
    expire = None if permanent else min(int(data.get("expire_seconds") or 60), MAX_EXPIRE)
    tickets[ticket] = {
        "scene": str(scene),
        "permanent": permanent,
        "url": url,
        "expires_at": None if permanent else state().now() + expire,
    }
    return ok(ticket=ticket, url=url, **({} if permanent else {"expire_seconds": expire}))


def _scene_problem(scene, field, permanent):
    if field == "scene_str":
        return (
            None if isinstance(scene, str) and 1 <= len(scene) <= 64 else "scene_str must be 1-64 characters"
        )
    if not isinstance(scene, int) or scene <= 0:
        return "scene_id must be a positive integer"
    if permanent and scene > MAX_PERMANENT:
        return "permanent scene_id must be 1-100000"
    return None if scene < 2**32 else "scene_id must be a 32-bit integer"


@bp.get("/cgi-bin/showqrcode")
def show_qrcode():
    entry = _tickets().get(request.args.get("ticket", ""))
    if entry is None or (entry["expires_at"] and entry["expires_at"] < state().now()):
        return wx_error(40001, "invalid or expired ticket")
    image = io.BytesIO()
    qrcode.make(entry["url"]).save(image, format="PNG")
    image.seek(0)
    return send_file(image, mimetype="image/png")


def scene_of_ticket(ticket):
    entry = _tickets().get(ticket)
    return entry["scene"] if entry else None
