"""Finding requests in a staff member's scope: the console's queue, its search and its ledger export."""

from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload

from models import ServiceRequest, Station, db
from models.request import CHANNELS, OPEN_STATES, SEARCH_BIGRAMS, STATE_NAMES, TRACKS
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.numbers import whole_number
from server.operations.core.scope import scoped
from server.operations.service_requests.deadlines import WARN_DAYS, latest_filing_due_soon, today
from server.operations.service_requests.worked_on import worked_on
from server.timezone import LOCAL

LISTING = (
    joinedload(ServiceRequest.station),
    joinedload(ServiceRequest.category),
    joinedload(ServiceRequest.assignee),
)


def states_named_as(state):
    """Every state with `state`'s name: 已办结 is a service request resolved or a petition concluded."""
    return [s for s, name in STATE_NAMES.items() if name == STATE_NAMES[state]]


STATE_CHOICES = {states_named_as(state)[0]: name for state, name in STATE_NAMES.items()}  # each name once
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
    if filters.state:
        statement = statement.where(ServiceRequest.state.in_(states_named_as(filters.state)))
    for column, value in (
        (ServiceRequest.category_id, filters.category_id),
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
        # A deadline not set (answered already, say) is not late: without the coalesce, NULL OR FALSE
        # would be NULL and hide every request without a first-answer deadline from this view.
        late = func.coalesce((ServiceRequest.due_on < day) | (ServiceRequest.respond_due_on < day), false())
        return statement.where(running, _due_soon(WorkingCalendar.load(), day), ~late)
    if view == "escalated":
        return statement.where(is_open, ServiceRequest.escalation_level > 0)
    return statement


def _due_soon(calendar, day):
    """A deadline due soon on `day` (request_deadlines.latest_filing_due_soon), one date at a time:
    due on that date, and filed early enough that less than the due-soon share of the time is left."""
    horizon = calendar.add_working_days(day, WARN_DAYS)
    conditions = []
    for offset in range((horizon - day).days + 1):
        due = day + timedelta(days=offset)
        latest = latest_filing_due_soon(calendar, due, day)
        if latest is None:
            continue
        filed_by = datetime.combine(latest + timedelta(days=1), time.min, LOCAL)
        on_due = (ServiceRequest.due_on == due) | (ServiceRequest.respond_due_on == due)
        conditions.append(on_due & (ServiceRequest.created_at < filed_by))
    return or_(*conditions) if conditions else false()


def _at_or_below(code):
    path = db.session.scalar(select(Station.path).where(Station.code == code))
    if path is None:
        return false()
    return ServiceRequest.station_id.in_(select(Station.id).where(Station.path.startswith(path)))
