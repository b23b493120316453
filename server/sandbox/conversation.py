"""One user's chat as their phone would show it, assembled from the sandbox's outbox."""

from server.sandbox.state import MINIAPP_SUFFIX, SandboxState

SHOWN_KINDS = ("delivery", "custom", "template", "mass", "subscribe")


def chat(world: SandboxState, openid, after=0):
    """Chat items for `openid` with outbox id > `after`, oldest first."""
    items = []
    for entry in world.outbox:
        if entry["id"] <= after or entry.get("kind") not in SHOWN_KINDS:
            continue
        if entry["kind"] == "mass":
            if openid in entry.get("delivered", []):
                items.append(_item(entry, "in", "mass", text=_mass_text(world, entry["body"])))
            continue
        if (entry.get("openid") or "").removesuffix(MINIAPP_SUFFIX) != openid:  # the mini-program's too
            continue
        items.extend(_items_of(entry))
    return items


def _items_of(entry):
    body = entry["body"] or {}
    if entry["kind"] == "delivery":
        sent, reply = body.get("sent", {}), body.get("reply", {})
        shown = [_item(entry, "out", "user", text=_sent_text(sent))]
        if reply.get("Content"):
            shown.append(_item(entry, "in", "reply", text=reply["Content"]))
        for card in reply.get("Articles") or ():
            shown.append(
                _item(entry, "in", "reply", text=f"【{card['Title']}】{card['Description']}\n{card['Url']}")
            )
        return shown
    if entry["result"] != 0:
        return [
            _item(entry, "note", "failed", text=f"（{entry['kind']} 消息未送达：errcode {entry['result']}）")
        ]
    if entry["kind"] == "template":
        return [
            _item(
                entry,
                "in",
                "template",
                title=entry.get("title"),
                fields=entry.get("fields", []),
                url=body.get("url"),
                page=(body.get("miniprogram") or {}).get("pagepath"),
                truncated=entry.get("truncated", []),
            )
        ]
    if entry["kind"] == "subscribe":
        fields = [[k, (v or {}).get("value", "")] for k, v in (body.get("data") or {}).items()]
        return [_item(entry, "in", "template", title="订阅消息", fields=fields, url=body.get("page"))]
    return [_item(entry, "in", "custom", text=_custom_text(body))]


def _item(entry, side, kind, **content):
    return {"id": entry["id"], "at": entry["at"], "side": side, "kind": kind, **content}


def _sent_text(sent):
    kind = sent.get("MsgType")
    if kind == "text":
        return sent.get("Content", "")
    if kind == "event":
        key = sent.get("EventKey")
        return f"[{sent.get('Event')}{' ' + key if key else ''}]"
    if kind == "location":
        return f"[位置] {sent.get('Label') or ''} ({sent.get('Location_X')}, {sent.get('Location_Y')})"
    return f"[{kind}]"


def _custom_text(body):
    kind = body.get("msgtype")
    if kind == "text":
        return body.get("text", {}).get("content", "")
    if kind == "news":
        articles = (body.get("news") or {}).get("articles") or []
        return "\n".join(f"【{a.get('title')}】{a.get('description', '')}" for a in articles)
    return f"[{kind}]"


def _mass_text(world, body):
    if body.get("msgtype") == "text":
        return body.get("text", {}).get("content", "")
    news = world.extra.get("news", {}).get((body.get("mpnews") or {}).get("media_id"))
    if body.get("msgtype") == "mpnews" and news:
        return "[图文] " + "；".join(article["title"] for article in news["articles"])
    return f"[群发 {body.get('msgtype')}]"
