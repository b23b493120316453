"""Followers' info and tags."""

from collections import Counter

from flask import request

from server.sandbox.api import body, bp, note, ok, only_for, state, wx_error

MAX_TAGS = 100  # per account
USER_TAGS = 20  # per follower
BATCH = 50  # openids per batchtagging call
NAME_LIMIT = 30  # characters
DELETE_LIMIT = 100_000  # a tag with more followers must be emptied before it is deleted
SYSTEM_TAGS = (0, 1, 2)  # WeChat's own (星标组...): never changed or deleted
FIRST_TAG_ID = 100


def _tags():
    return state().extra.setdefault("tags", {})  # id -> name


@bp.get("/cgi-bin/user/info")
def user_info():
    user = state().users.get(request.args.get("openid", ""))
    if user is None:
        return wx_error(40003)
    if not user.subscribed:
        return ok(subscribe=0, openid=user.openid)
    unionid = {"unionid": user.unionid} if user.unionid else {}  # WeChat leaves it out when unbound
    return ok(
        subscribe=1,
        openid=user.openid,
        language="zh_CN",
        tagid_list=sorted(user.tags),
        subscribe_scene="ADD_SCENE_QR_CODE",
        **unionid,
    )


def _tag_id(tag_id):
    """`tag_id` as the account's tag's id (WeChat accepts the number or its digits), else None."""
    try:
        tag_id = int(tag_id)
    except (TypeError, ValueError):
        return None
    return tag_id if tag_id in _tags() else None


def _name_error(name, tag_id=None):
    if not isinstance(name, str) or not name.strip():
        return 45157
    if len(name) > NAME_LIMIT:
        return 45158
    if any(other == name and i != tag_id for i, other in _tags().items()):
        return 45157  # a name is the account's once
    return None


@bp.post("/cgi-bin/tags/create")
@only_for("account")
def create_tag():
    name = ((body() or {}).get("tag") or {}).get("name")
    with state().lock:
        tags = _tags()
        errcode = _name_error(name)
        if errcode:
            return wx_error(errcode)
        if len(tags) >= MAX_TAGS:
            return wx_error(45056)
        tag_id = max(tags, default=FIRST_TAG_ID - 1) + 1
        tags[tag_id] = name
    return ok(tag={"id": tag_id, "name": name})


@bp.get("/cgi-bin/tags/get")
@only_for("account")
def list_tags():
    with state().lock:
        counts = Counter(tag for user in state().users.values() for tag in user.tags)
        return ok(tags=[{"id": i, "name": n, "count": counts[i]} for i, n in _tags().items()])


@bp.post("/cgi-bin/tags/update")
@only_for("account")
def update_tag():
    tag = (body() or {}).get("tag") or {}
    if tag.get("id") in SYSTEM_TAGS:
        return wx_error(45058)
    with state().lock:
        tag_id = _tag_id(tag.get("id"))
        if tag_id is None:
            return wx_error(45159)
        errcode = _name_error(tag.get("name"), tag_id)
        if errcode:
            return wx_error(errcode)
        _tags()[tag_id] = tag["name"]
    return ok()


@bp.post("/cgi-bin/tags/delete")
@only_for("account")
def delete_tag():
    tag = (body() or {}).get("tag") or {}
    if tag.get("id") in SYSTEM_TAGS:
        return wx_error(45058)
    with state().lock:
        tag_id = _tag_id(tag.get("id"))
        if tag_id is None:
            return wx_error(45159)
        members = [u for u in state().users.values() if tag_id in u.tags]
        if len(members) > DELETE_LIMIT:
            return wx_error(45057)  # WeChat makes one untag them first
        for user in members:
            user.tags.discard(tag_id)
        del _tags()[tag_id]
    return ok()


@bp.post("/cgi-bin/tags/members/batchtagging")
@bp.post("/cgi-bin/tags/members/batchuntagging")
@only_for("account")
def tag_members():
    data = body() or {}
    openids, tagging = data.get("openid_list"), request.path.endswith("/batchtagging")
    with state().lock:
        tag_id = _tag_id(data.get("tagid"))
        if tag_id is None:
            return wx_error(45159)
        if not isinstance(openids, list) or not 1 <= len(openids) <= BATCH:
            return wx_error(40032)
        users = state().users
        if any(not isinstance(o, str) or o not in users for o in openids):
            return wx_error(40003)
        if tagging and any(tag_id not in users[o].tags and len(users[o].tags) >= USER_TAGS for o in openids):
            return wx_error(45059)  # the whole batch is refused, nobody is tagged
        for openid in openids:
            (users[openid].tags.add if tagging else users[openid].tags.discard)(tag_id)
    note(kind="tagging", tag_id=tag_id, count=len(openids))
    return ok()


@bp.post("/cgi-bin/tags/getidlist")
@only_for("account")
def user_tags():
    user = state().users.get((body() or {}).get("openid", ""))
    return ok(tagid_list=sorted(user.tags)) if user else wx_error(40003)


@bp.post("/cgi-bin/user/tag/get")
@only_for("account")
def tag_users():
    tag_id = _tag_id((body() or {}).get("tagid"))
    if tag_id is None:
        return wx_error(45159)
    with state().lock:
        openids = sorted(u.openid for u in state().users.values() if tag_id in u.tags)
    return ok(count=len(openids), data={"openid": openids}, next_openid=openids[-1] if openids else "")
