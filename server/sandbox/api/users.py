"""Followers' info and tags."""

from flask import request

from server.sandbox.api import body, bp, ok, state, wx_error

MAX_TAGS = 100
BATCH = 50


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


@bp.post("/cgi-bin/tags/create")
def create_tag():
    name = ((body() or {}).get("tag") or {}).get("name", "")
    if not name:
        return wx_error(45157)
    if len(name) > 30:
        return wx_error(45158)
    tags = _tags()
    if name in tags.values():
        return wx_error(45157, "invalid tag name: exists")
    if len(tags) >= MAX_TAGS:
        return wx_error(45056)
    with state().lock:
        tag_id = max(tags, default=99) + 1
        tags[tag_id] = name
    return ok(tag={"id": tag_id, "name": name})


@bp.get("/cgi-bin/tags/get")
def list_tags():
    users = state().users.values()
    return ok(
        tags=[{"id": i, "name": n, "count": sum(i in u.tags for u in users)} for i, n in _tags().items()]
    )


@bp.post("/cgi-bin/tags/update")
def update_tag():
    tag = (body() or {}).get("tag") or {}
    if tag.get("id") not in _tags():
        return wx_error(45159)
    _tags()[tag["id"]] = tag.get("name") or _tags()[tag["id"]]
    return ok()


@bp.post("/cgi-bin/tags/delete")
def delete_tag():
    tag_id = ((body() or {}).get("tag") or {}).get("id")
    if tag_id not in _tags():
        return wx_error(45159)
    for user in state().users.values():
        user.tags.discard(tag_id)
    del _tags()[tag_id]
    return ok()


@bp.post("/cgi-bin/tags/members/batchtagging")
@bp.post("/cgi-bin/tags/members/batchuntagging")
def tag_members():
    data = body() or {}
    openids, tag_id = data.get("openid_list") or [], data.get("tagid")
    if tag_id not in _tags():
        return wx_error(45159)
    if not isinstance(openids, list) or not 1 <= len(openids) <= BATCH:
        return wx_error(40032)
    users = state().users
    if any(o not in users for o in openids):
        return wx_error(40003)
    for openid in openids:
        if request.path.endswith("batchtagging"):
            users[openid].tags.add(tag_id)
        else:
            users[openid].tags.discard(tag_id)
    return ok()


@bp.post("/cgi-bin/tags/getidlist")
def user_tags():
    user = state().users.get((body() or {}).get("openid", ""))
    return ok(tagid_list=sorted(user.tags)) if user else wx_error(40003)


@bp.post("/cgi-bin/user/tag/get")
def tag_users():
    tag_id = (body() or {}).get("tagid")
    if tag_id not in _tags():
        return wx_error(45159)
    openids = sorted(u.openid for u in state().users.values() if tag_id in u.tags)
    return ok(count=len(openids), data={"openid": openids}, next_openid=openids[-1] if openids else "")
