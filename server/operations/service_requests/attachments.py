"""Photos, voice messages and files sent with a request: checked by their bytes, stored encrypted.

From chat only a media_id arrives; `attach_media` records it and a job fetches the bytes through
the gateway (WeChat keeps them for 3 days). From the mini-program the bytes arrive with the upload.
"""

import hashlib

import filetype
from sqlalchemy import select

from models import Attachment, AttachmentContent, db
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.service_requests import texts
from server.operations.service_requests.events import add_event
from server.outbox import after_commit

FETCH_JOB = "server.jobs.service_requests.fetch_attachment"
KIND_NAMES = {"image": "图片", "voice": "语音", "file": "文件"}
# What each kind may be, by the type its bytes show (not the name or the header it came with).
ACCEPTED = {
    "image": {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"},
    "voice": {"audio/amr", "audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/aac", "audio/ogg", "audio/x-wav"},
    "file": {"application/pdf"},
}
SIZE_LIMITS = {"image": 10 * 1024 * 1024, "voice": 2 * 1024 * 1024, "file": 10 * 1024 * 1024}
PER_REQUEST = 9


def attach_media(request, kind, media_id, actor):
    """A photo or voice message the person sent in chat; its bytes are fetched by a job."""
    attachment = _new(request, kind, actor, media_id=media_id)
    after_commit(db.session, FETCH_JOB, attachment.id, job_id=f"attachment-{attachment.id}")
    return attachment


def upload_attachment(request, kind, data, actor):
    """An uploaded file: checked now, refused with a message the person can act on."""
    problem = check_content(kind, data)
    if problem:
        raise DomainError(problem, field="file")
    attachment = _new(request, kind, actor)
    store_content(attachment, data)
    return attachment


def _new(request, kind, actor, media_id=None):
    if kind not in ACCEPTED:
        raise DomainError(texts.ATTACHMENT_KIND_UNKNOWN, field="kind")
    if not request.is_open:
        raise InvalidState(texts.ATTACHMENT_CLOSED)
    count = db.session.scalar(select(db.func.count(Attachment.id)).where(Attachment.request_id == request.id))
    if count >= PER_REQUEST:
        raise DomainError(texts.ATTACHMENTS_TOO_MANY.format(limit=PER_REQUEST), field="file")
    attachment = Attachment(request_id=request.id, kind=kind, media_id=media_id)
    db.session.add(attachment)
    db.session.flush()
    add_event(
        request,
        "attachment",
        actor,
        body=texts.ATTACHMENT_ADDED.format(kind=KIND_NAMES[kind]),
        public=True,
        attachment_id=attachment.id,
    )
    return attachment


def check_content(kind, data):
    """None when `data` is an acceptable `kind`; otherwise the reason, in words for the person."""
    if kind not in ACCEPTED:
        return texts.ATTACHMENT_KIND_UNKNOWN
    if not data:
        return texts.ATTACHMENT_EMPTY
    if len(data) > SIZE_LIMITS[kind]:
        return texts.ATTACHMENT_TOO_LARGE.format(
            kind=KIND_NAMES[kind], megabytes=SIZE_LIMITS[kind] // (1024 * 1024)
        )
    guessed = filetype.guess_mime(data[:8192])
    if guessed not in ACCEPTED[kind]:
        return texts.ATTACHMENT_FORMAT.format(kind=KIND_NAMES[kind])
    return None


def store_content(attachment, data):
    attachment.content_type = filetype.guess_mime(data[:8192])
    attachment.size, attachment.sha256 = len(data), hashlib.sha256(data).hexdigest()
    attachment.state, attachment.error = "stored", None
    db.session.add(AttachmentContent(attachment_id=attachment.id, data=data))
    db.session.flush()


def refuse_content(attachment, state, reason):
    attachment.state, attachment.error = state, reason[:255]
    db.session.flush()


def attachments_of(request):
    statement = select(Attachment).where(Attachment.request_id == request.id).order_by(Attachment.id)
    return db.session.execute(statement).scalars().all()


def content_of(request, attachment_id):
    """(attachment, bytes) of a stored attachment of `request`; NotFound otherwise."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.request_id != request.id or attachment.state != "stored":
        raise NotFound(texts.ATTACHMENT_NOT_FOUND)
    return attachment, db.session.get(AttachmentContent, attachment.id).data
