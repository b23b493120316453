"""Temporary media: upload and download, with WeChat's size limits by type."""

import secrets

from flask import Response, request

from server.sandbox.api import bp, note, ok, state, wx_error

LIMITS = {"image": 10 * 1024 * 1024, "voice": 2 * 1024 * 1024, "video": 10 * 1024 * 1024, "thumb": 64 * 1024}
MIMETYPES = {"image": "image/jpeg", "voice": "audio/amr", "video": "video/mp4", "thumb": "image/jpeg"}


def _media():
    return state().extra.setdefault("media", {})  # media_id -> (type, bytes, mimetype)


def add_media(kind, data, mimetype=None):
    """Store media as if a user had sent it; returns its media_id (used by the simulator)."""
    media_id = f"sbxmedia_{secrets.token_urlsafe(16)}"
    _media()[media_id] = (kind, data, mimetype or MIMETYPES[kind])
    return media_id


def known_media(media_id):
    return isinstance(media_id, str) and media_id in _media()


@bp.post("/cgi-bin/media/upload")
def upload_media():
    kind = request.args.get("type", "")
    upload = request.files.get("media")
    if kind not in LIMITS or upload is None:
        return wx_error(40004, "invalid media type")
    data = upload.read()
    if len(data) > LIMITS[kind]:
        return wx_error(40009, "invalid media size")
    media_id = add_media(kind, data, upload.mimetype)
    note(kind="media", media_id=media_id, size=len(data))
    key = "thumb_media_id" if kind == "thumb" else "media_id"  # WeChat names a thumb's id so
    return ok(type=kind, created_at=int(state().now()), **{key: media_id})


@bp.get("/cgi-bin/media/get")
def get_media():
    entry = _media().get(request.args.get("media_id", ""))
    if entry is None:
        return wx_error(40007)
    kind, data, mimetype = entry
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{kind}.{mimetype.split("/")[-1]}"'},
    )
