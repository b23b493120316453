"""Finding requests in a staff member's scope: the console's queue, its search and its ledger export."""

from dataclasses import dataclass, fields

from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload

from models import ServiceRequest, Station, db
from models.request import CHANNELS, OPEN_STATES, SEARCH_BIGRAMS, STATE_NAMES, TRACKS
from server.operations.calendar import WorkingCalendar
from server.operations.numbers import whole_number
from server.operations.request_deadlines import WARN_DAYS, today
from server.operations.request_handlers import worked_on
from server.operations.scope import scoped

LISTING = (
    joinedload(ServiceRequest.station),
    joinedload(ServiceRequest.category),
    joinedload(ServiceRequest.assignee),
)
VIEWS = ("all", "open", "mine", "unassigned", "due_soon", "overdue", "escalated", "handled")
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class RequestFilter:
    view: str = "open"
    category_id: int | None = None
    state: str = ""
    track: str = ""
    channel: str = ""
    station_code: str = ""  # this station and everything below it
    q: str = ""  # words of the title or content

    @classmethod
    def from_args(cls, args):
        category = args.get("category_id", "")
        view = args.get("view", "open")
        return cls(
            view=view if view in VIEWS else "open",
            category_id=whole_number(category),
            state=args.get("state", "") if args.get("state", "") in STATE_NAMES else "",
            track=args.get("track", "") if args.get("track", "") in TRACKS else "",
            channel=args.get("channel", "") if args.get("channel", "") in CHANNELS else "",
            station_code=args.get("station", "").strip()[:32],
            q=" ".join(args.get("q", "").split())[:SEARCH_LIMIT],
        )

    def as_args(self):
        """The URL arguments that give this filter back through from_args (for links and exports)."""
        names = {"station_code": "station"}
        return {
            names.get(f.name, f.name): getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) not in ("", None)
        }


def search_requests(staff, filters, day=None):
    """A select of requests in `staff`'s subtree matching `filters`, newest first, with the station,
    category and assignee of each row in the same query. The view "handled" (我经办的) holds the
    requests `staff` worked on instead, wherever they are now."""
    if filters.view == "handled":
        statement = select(ServiceRequest).where(ServiceRequest.id.in_(worked_on(staff)))
    else:
        statement = scoped(select(ServiceRequest), ServiceRequest, staff)
    statement = statement.options(*LISTING)
    statement = _view(statement, filters.view, staff, day or today())
    for column, value in (
        (ServiceRequest.category_id, filters.category_id),
        (ServiceRequest.state, filters.state),
        (ServiceRequest.track, filters.track),
        (ServiceRequest.channel, filters.channel),
    ):
        if value:
            statement = statement.where(column == value)
    if filters.station_code:
        statement = statement.where(_at_or_below(filters.station_code))
    for word in filters.q.split():
        statement = statement.where(_matches(word))
    return statement.order_by(ServiceRequest.id.desc())


def _matches(word):
    """The title or content holds `word`, or it is the number. PostgreSQL answers words of three
    characters or more from the trigram index, of two (most Chinese words) from the bigram index
    (migration 0005); a single character is scanned for, which the other filters usually narrow."""
    found = ServiceRequest.title.contains(word, autoescape=True) | ServiceRequest.content.contains(
        word, autoescape=True
    )
    if len(word) == 2 and db.session.get_bind().dialect.name == "postgresql":
        return SEARCH_BIGRAMS.contains([word]) & found  # no number is two characters long
    return found | (ServiceRequest.number == word)


def _view(statement, view, staff, day):
    is_open = ServiceRequest.state.in_(OPEN_STATES)
    running = is_open & ServiceRequest.paused_on.is_(None)
    if view == "open":
        return statement.where(is_open)
    if view == "mine":
        return statement.where(is_open, ServiceRequest.assignee_id == staff.id)
    if view == "unassigned":
        return statement.where(is_open, ServiceRequest.assignee_id.is_(None))
    if view == "overdue":
        return statement.where(running, (ServiceRequest.due_on < day) | (ServiceRequest.respond_due_on < day))
    if view == "due_soon":
        horizon = WorkingCalendar.load().add_working_days(day, WARN_DAYS)
        # A deadline not set (answered already, say) is not late: without the coalesce, NULL OR FALSE
        # would be NULL and hide every request without a first-answer deadline from this view.
        late = func.coalesce((ServiceRequest.due_on < day) | (ServiceRequest.respond_due_on < day), false())
        soon = ServiceRequest.due_on.between(day, horizon) | ServiceRequest.respond_due_on.between(
            day, horizon
        )
        return statement.where(running, soon, ~late)
    if view == "escalated":
        return statement.where(is_open, ServiceRequest.escalation_level > 0)
    return statement


def _at_or_below(code):
    path = db.session.scalar(select(Station.path).where(Station.code == code))
    if path is None:
        return false()
    return ServiceRequest.station_id.in_(select(Station.id).where(Station.path.startswith(path)))
