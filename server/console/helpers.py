"""Small pieces every console view uses: the acting user, scoped lookups, running an action and
showing its refusal, paging."""

import unicodedata
from urllib.parse import quote

from flask import Response, flash, redirect, request, stream_with_context
from flask_login import current_user
from sqlalchemy import func, inspect, select

from models import Station, db
from models.types import utcnow
from server.documents.xlsx_stream import xlsx_chunks
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.core.scope import get_scoped
from server.timezone import local

PER_PAGE = 50
CAP = 10_000
SEARCH_CAP = 500  # a search counts no further: a common word matches across the whole network first
STATION_CHOICES_LIMIT = 300  # a select longer than this is useless on a slow PC: villages drop out
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def actor():
    return Actor.of(current_user, request.remote_addr)


def send_ledger(title, header, rows, suffix=""):
    """A ledger as the download `<title>-<local time>[suffix].xlsx`, sent while `rows` are still
    being read (in this request's context, so from the database): the first bytes leave at once."""
    name = f"{title}-{local(utcnow()).strftime('%Y%m%d%H%M')}{suffix}.xlsx"
    response = Response(stream_with_context(xlsx_chunks(title, header, rows)), mimetype=XLSX)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    names = {"filename": ascii_name, "filename*": f"UTF-8''{quote(name)}"}  # RFC 6266, as send_file does
    response.headers.set("Content-Disposition", "attachment", **names)
    return response


def count(statement):
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def scoped_or_404(model, ident):
    """The row if it is in the user's subtree; NotFound (404) otherwise."""
    return get_scoped(db.session, model, ident, current_user)


def show_error(form, error):
    """Put a DomainError's message(s) on the form fields they name; flash what names no field."""
    db.session.rollback()
    messages = error.details.get("fields") or {error.details.get("field") or "": error.message}
    for name, message in messages.items():
        field = getattr(form, name, None) if form is not None and name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")


def run_action(change, done, then, form=None, refused=None):
    """The console's way to act: run `change()` (an operation), commit, flash `done` (words, or a
    function of what `change` returned; None: nothing to say) and redirect to `then` (a URL, or a
    function of that result). When the operation refuses (DomainError), nothing is kept: its reason
    goes beside the field of `form` it names, or into a flash, and the answer is `refused(error)`
    (the page again, with what was typed), or without `refused` the redirect to `then`."""
    try:
        result = change()
    except DomainError as error:
        show_error(form, error)
        return refused(error) if refused else redirect(then)
    db.session.commit()
    if done:
        flash(done(result) if callable(done) else done, "ok")
    return redirect(then(result) if callable(then) else then)


def page_of(statement):
    page = request.args.get("page", 1, type=int)
    return db.paginate(statement, page=max(page, 1), per_page=PER_PAGE, error_out=False)


class CappedPage:
    """A page of a large listing: counts at most `cap` rows, so a filter over half a million
    veterans never waits on an exact count ("10000+" is as useful to a person as the number).

    The page's primary keys are found first, by a query narrow enough for an index to answer, and
    only those rows are loaded. The count is skipped when the page alone tells what it would say."""

    def __init__(self, statement, page, per_page=PER_PAGE, cap=CAP):
        self.page, self.per_page = max(page, 1), per_page
        ids = db.session.scalars(self.ids_query(statement, self.page, per_page)).all()
        self.has_next = len(ids) > per_page
        self.items = db.session.scalars(self.rows_query(statement, ids[:per_page])).all() if ids else []
        counted = self.known_count(self.page, per_page, len(ids), cap)
        if counted is None:
            counted = db.session.scalar(self.count_query(statement, cap))
        self.total, self.capped = min(counted, cap), counted > cap
        self.has_prev = self.page > 1
        self.prev_num, self.next_num = self.page - 1, self.page + 1
        self.pages = -(-self.total // per_page) if not self.capped else None

    @staticmethod
    def ids_query(statement, page, per_page=PER_PAGE):
        """The primary keys of the page's rows and of one more, which tells whether a next page exists."""
        key = _primary_key(statement)
        return statement.with_only_columns(key).limit(per_page + 1).offset((max(page, 1) - 1) * per_page)

    @staticmethod
    def rows_query(statement, ids):
        """The rows of `ids`, still under the statement's conditions and order."""
        return statement.where(_primary_key(statement).in_(ids))

    @staticmethod
    def count_query(statement, cap=CAP):
        """How many rows match, counting no further than cap + 1 (in no particular order); every
        row when `cap` is None."""
        matching = statement.with_only_columns(_primary_key(statement)).order_by(None)
        matching = matching.limit(cap + 1) if cap is not None else matching
        return select(func.count()).select_from(matching.subquery())

    @staticmethod
    def known_count(page, per_page, found, cap=CAP):
        """What count_query would say, when the page's `found` keys tell: the last page (or an empty
        first one) ends the listing, and a page reaching past the cap is capped whatever follows."""
        seen = (page - 1) * per_page + found
        return seen if (found <= per_page and (found or page == 1)) or seen > cap else None


def _primary_key(statement):
    return inspect(statement.column_descriptions[0]["entity"]).primary_key[0]


def capped_page_of(statement, cap=CAP):
    return CappedPage(statement, request.args.get("page", 1, type=int), cap=cap)


def station_choices(statement, keep=()):
    """The stations of `statement` (a select of Station, ordered) for a select box; beyond
    STATION_CHOICES_LIMIT only those above the villages, and the ones in `keep` (ids)."""
    stations = db.session.execute(statement.limit(STATION_CHOICES_LIMIT + 1)).scalars().all()
    if len(stations) <= STATION_CHOICES_LIMIT:
        return stations
    kept = (Station.level != "village") | Station.id.in_([i for i in keep if i is not None])
    return db.session.execute(statement.where(kept).limit(STATION_CHOICES_LIMIT)).scalars().all()
