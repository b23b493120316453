"""政策库: an article's PDF attachments in the console (upload, download, remove)."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from server.console import bp, texts
from server.console.forms import ConfirmForm
from server.console.helpers import actor, run_action
from server.console.policies.articles import article_page
from server.console.policies.forms import AttachmentForm
from server.documents.pdf_download import send_pdf
from server.operations.core.access import require
from server.operations.policies.attachments import MAX_BYTES, attach_pdf, attachment_of, remove_attachment
from server.operations.policies.library import article_for


@bp.post("/policies/<int:policy_id>/attachments")
def upload_policy_attachment(policy_id):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    form = AttachmentForm()
    back = url_for("console.edit_policy", policy_id=article.id)
    if not form.validate_on_submit():
        for error in form.file.errors:
            flash(error, "error")
        return redirect(back)
    data = form.file.data.stream.read(MAX_BYTES + 1)
    return run_action(
        lambda: attach_pdf(article, form.file.data.filename, data, actor()),
        lambda attachment: texts.POLICY_ATTACHED.format(filename=attachment.filename),
        back,
        form,
        refused=lambda error: (article_page(article, upload=form), error.status),
    )


@bp.get("/policies/<int:policy_id>/attachments/<int:policy_attachment_id>")
def policy_attachment(policy_id, policy_attachment_id):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    return send_pdf(attachment_of(article, policy_attachment_id))


@bp.post("/policies/<int:policy_id>/attachments/<int:policy_attachment_id>/remove")
def remove_policy_attachment(policy_id, policy_attachment_id):
    require(current_user, "policies.write")
    article = article_for(policy_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return run_action(
        lambda: remove_attachment(article, policy_attachment_id, actor()),
        lambda attachment: texts.POLICY_DETACHED.format(filename=attachment.filename),
        url_for("console.edit_policy", policy_id=article.id),
    )
