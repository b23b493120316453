"""/policies: the policies in force, newest first, and one page per published article."""

from flask import render_template, request

from models import db
from server.documents.pdf_download import send_pdf
from server.operations.policies.attachments import attachment_of
from server.operations.policies.library import articles_in_force, published_article, today
from server.policy_pages import bp

PER_PAGE = 20


@bp.get("/")
def index():
    page = request.args.get("page", 1, type=int)
    articles = db.paginate(articles_in_force(), page=max(page, 1), per_page=PER_PAGE, error_out=False)
    return render_template("policies/index.html", page=articles)


@bp.get("/<int:policy_id>")
def article(policy_id):
    return render_template(
        "policies/article.html", article=published_article(policy_id), today=today(), preview=False
    )


@bp.get("/<int:policy_id>/attachments/<int:attachment_id>")
def attachment(policy_id, attachment_id):
    return send_pdf(attachment_of(published_article(policy_id), attachment_id))
