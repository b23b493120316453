"""Mass sends (群发) by tag, to all, or to an openid list, and the news (图文) they carry.

WeChat's rules kept here: a follower receives at most 4 mass messages a calendar month (China time);
over that they are filtered out, not sent. A `clientmsgid` (or, without one, a digest of the audience
and content) seen within 24 hours refuses the send with 45065 and the first send's msg_id. At most
60 sends a minute. Each send's MASSSENDJOBFINISH event reaches the callback shortly after.
"""

import hashlib
import json
import secrets
import time

from server.sandbox.api import body, bp, note, ok, only_for, state, wx_error
from server.sandbox.api.media import known_media
from server.sandbox.api.messages import next_id
from server.sandbox.pushback import push_event_later

MASS_PER_MONTH = 4
REPEAT_WINDOW = 24 * 3600
CLIENTMSGID_BYTES = 64
SENDS_PER_MINUTE = 60
LIST_SIZE = (2, 10_000)
ARTICLES = (1, 8)
NEWS_LIFE = 3 * 24 * 3600  # uploadnews is temporary media; add_news is permanent


def _store(name):
    return state().extra.setdefault(name, {})


@bp.post("/cgi-bin/media/uploadnews")
@only_for("account")
def upload_news():
    return _add_news(expires=True)


@bp.post("/cgi-bin/material/add_news")
@only_for("account")
def add_news():
    return _add_news(expires=False)


def _add_news(expires):
    articles = (body() or {}).get("articles")
    if not isinstance(articles, list) or not ARTICLES[0] <= len(articles) <= ARTICLES[1]:
        return wx_error(44003)
    for article in articles:
        if not isinstance(article, dict) or not article.get("title") or not article.get("content"):
            return wx_error(47001)
        if not known_media(article.get("thumb_media_id")):
            return wx_error(40007)
    media_id = f"sbxnews_{secrets.token_urlsafe(16)}"
    expires_at = state().now() + NEWS_LIFE if expires else None
    _store("news")[media_id] = {"articles": articles, "expires_at": expires_at}
    note(kind="news", media_id=media_id)
    if expires:
        return ok(type="news", media_id=media_id, created_at=int(state().now()))
    return ok(media_id=media_id)


@bp.post("/cgi-bin/message/mass/sendall")
@only_for("account")
def mass_by_tag():
    data = body()
    filter_ = (data or {}).get("filter")
    if not isinstance(filter_, dict) or not (filter_.get("is_to_all") or filter_.get("tag_id") is not None):
        return wx_error(47001)
    with state().lock:
        followers = [u for u in state().users.values() if u.subscribed]
    if filter_.get("is_to_all"):
        return _mass_send(data, [u.openid for u in followers], "all")
    try:
        tag_id = int(filter_["tag_id"])
    except (TypeError, ValueError):
        return wx_error(45159)
    if tag_id not in _store("tags"):
        return wx_error(45159)
    return _mass_send(data, [u.openid for u in followers if tag_id in u.tags], f"tag:{tag_id}")


@bp.post("/cgi-bin/message/mass/send")
@only_for("account")
def mass_to_list():
    data = body()
    touser = (data or {}).get("touser")
    if not isinstance(touser, list) or not LIST_SIZE[0] <= len(touser) <= LIST_SIZE[1]:
        return wx_error(40130)
    audience = list(dict.fromkeys(o for o in touser if isinstance(o, str)))  # each person once
    return _mass_send(data, audience, "openids:" + ",".join(sorted(audience)))


def _mass_send(data, audience, target):
    errcode = _content_error(data) or _clientmsgid_error(data.get("clientmsgid"))
    if errcode:
        return wx_error(errcode)
    world = state()
    key = data.get("clientmsgid") or _digest(target, data)
    with world.lock:  # the checks and the counts are one step: concurrent sends never exceed a limit
        earlier = _earlier_send(key)
        if earlier:
            return wx_error(45065, msg_id=earlier)
        if not _spend_minute():
            return wx_error(45011)
        msg_id = next_id()
        delivered, filtered = _deliver(audience, msg_id)
        _store("clientmsgids")[key] = (msg_id, world.now())
        _store("mass_sends")[msg_id] = {
            "msg_id": msg_id,
            "clientmsgid": data.get("clientmsgid"),
            "msgtype": data["msgtype"],
            "target": target.split(":")[0],
            "at": world.now(),
            "delivered": delivered,
            "filtered": filtered,
        }
    note(kind="mass", msg_id=msg_id, delivered=delivered, filtered=sorted(filtered))
    push_event_later(
        "MASSSENDJOBFINISH",
        MsgID=msg_id,
        Status="send success",
        TotalCount=len(audience),
        FilterCount=len(delivered),  # WeChat's meaning: left after filtering, to be sent
        SentCount=len(delivered),
        ErrorCount=0,
    )
    return ok(msg_id=msg_id, msg_data_id=msg_id + 1)


def _content_error(data):
    kind = data.get("msgtype")
    if kind == "text":
        return None if (data.get("text") or {}).get("content") else 47001
    if kind == "mpnews":
        news = _store("news").get((data.get("mpnews") or {}).get("media_id"))
        alive = news is not None and (news["expires_at"] is None or news["expires_at"] > state().now())
        return None if alive else 40007
    return 40008


def _clientmsgid_error(client_id):
    if client_id is None:
        return None
    if not isinstance(client_id, str) or len(client_id.encode()) > CLIENTMSGID_BYTES:
        return 45067
    return None


def _digest(target, data):
    content = json.dumps(data.get(data["msgtype"]), sort_keys=True, ensure_ascii=False)
    return "digest:" + hashlib.sha256(f"{target}\n{content}".encode()).hexdigest()


def _earlier_send(key):
    earlier = _store("clientmsgids").get(key)
    if earlier and state().now() - earlier[1] < REPEAT_WINDOW:
        return earlier[0]
    return None


def _spend_minute():
    minute = int(state().now() // 60)
    calls = _store("mass_minutes")
    calls[minute] = calls.get(minute, 0) + 1
    for old in [m for m in calls if m < minute]:
        del calls[old]
    return calls[minute] <= SENDS_PER_MINUTE


def _deliver(audience, msg_id):
    """(delivered, filtered): followers under this month's limit get it, and it counts for them;
    the others are filtered with the reason ("not_following" or "monthly_limit")."""
    world = state()
    month = time.strftime("%Y-%m", time.gmtime(world.now() + 8 * 3600))
    received = _store("mass_received")
    delivered, filtered = [], {}
    for openid in audience:
        user = world.users.get(openid)
        if user is None or not user.subscribed:
            filtered[openid] = "not_following"
        elif user.mass_received.get(month, 0) >= MASS_PER_MONTH:
            filtered[openid] = "monthly_limit"
        else:
            user.mass_received[month] = user.mass_received.get(month, 0) + 1
            received.setdefault(openid, []).append(msg_id)
            delivered.append(openid)
    return delivered, filtered
