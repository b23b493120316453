"""An article's PDF files: checked by their first bytes and size, kept in the database."""

from models import PolicyAttachment, db
from server.operations.core import audit
from server.operations.core.errors import DomainError, NotFound
from server.operations.policies import texts

PDF_MAGIC = b"%PDF-"
MAX_BYTES = 10 * 1024 * 1024
MAX_PER_ARTICLE = 10
NAME_LIMIT = 200


def attach_pdf(article, filename, data, actor):
    """Add a PDF to `article`; anything that does not start as a PDF does is refused."""
    if not data:
        raise DomainError(texts.ATTACHMENT_EMPTY, field="file")
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise DomainError(texts.ATTACHMENT_TOO_LARGE.format(megabytes=limit), field="file")
    if not data.startswith(PDF_MAGIC):
        raise DomainError(texts.ATTACHMENT_NOT_PDF, field="file")
    if len(article.attachments) >= MAX_PER_ARTICLE:
        raise DomainError(texts.ATTACHMENT_LIMIT.format(count=MAX_PER_ARTICLE), field="file")
    attachment = PolicyAttachment(filename=_pdf_name(filename), size=len(data), data=data)
    article.attachments.append(attachment)
    db.session.flush()
    audit.record(actor, "policy.attach", article, filename=attachment.filename)
    return attachment


def remove_attachment(article, attachment_id, actor):
    attachment = attachment_of(article, attachment_id)
    article.attachments.remove(attachment)
    db.session.flush()
    audit.record(actor, "policy.detach", article, filename=attachment.filename)
    return attachment


def attachment_of(article, attachment_id):
    """The attachment `attachment_id` of `article`; NotFound for another article's."""
    attachment = db.session.get(PolicyAttachment, attachment_id)
    if attachment is None or attachment.article_id != article.id:
        raise NotFound(texts.ATTACHMENT_NOT_FOUND)
    return attachment


def _pdf_name(filename):
    name = "".join(ch for ch in (filename or "") if ch.isprintable() and ch not in '/\\"').strip()
    stem = name[: -len(".pdf")] if name.lower().endswith(".pdf") else name
    return f"{(stem or 'attachment')[: NAME_LIMIT - 4]}.pdf"
