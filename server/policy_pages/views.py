"""/policies: the policies in force, newest first or as a search (?q=) finds them, best first, and
one page per published article."""

from dataclasses import dataclass

from flask import render_template, request

from models import db
from server.documents.pdf_download import send_pdf
from server.operations.policies.attachments import attachment_of
from server.operations.policies.library import articles_in_force, published_article, today
from server.operations.policies.search import search_articles
from server.policy_pages import bp

PER_PAGE = 20
LONGEST_QUERY = 50


@dataclass
class SearchPage:
    """A page of search results, with what the template's pager reads of Flask-SQLAlchemy's pages."""

    items: list
    page: int
    total: int

    @property
    def pages(self):
        return max((self.total + PER_PAGE - 1) // PER_PAGE, 1)

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


@bp.get("/")
def index():
    page = max(request.args.get("page", 1, type=int), 1)
    query = (request.args.get("q") or "").strip()[:LONGEST_QUERY]
    if query:
        found = search_articles(query, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
        articles = SearchPage([article for article, _score in found.articles], page, found.total)
    else:
        articles = db.paginate(articles_in_force(), page=page, per_page=PER_PAGE, error_out=False)
    return render_template("policies/index.html", page=articles, q=query)


@bp.get("/<int:policy_id>")
def article(policy_id):
    return render_template(
        "policies/article.html", article=published_article(policy_id), today=today(), preview=False
    )


@bp.get("/<int:policy_id>/attachments/<int:attachment_id>")
def attachment(policy_id, attachment_id):
    return send_pdf(attachment_of(published_article(policy_id), attachment_id))
