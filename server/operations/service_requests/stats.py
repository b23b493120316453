"""The dashboard's figures (统计) for a staff member's scope and a period of Asia/Shanghai days.

Flow over the period: new and closed per week, on-time rate, average first-response and resolution
time in working days, satisfaction, from the daily tally of the user's station (models/request_tally:
at most 732 rows, whatever the scope's size); the repeat-request rate, which does not add up over
days or stations, from the requests. Standing now: open by category and by station, overdue by
escalation level, from the open requests.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, case, cast, func, literal_column, select

from models import RequestCategory, RequestDayTally, ServiceRequest, Station, db
from models.request import OPEN_STATES, RATINGS
from models.request_tally import COUNTS
from server.operations.core.errors import DomainError
from server.operations.core.scope import in_scope
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import today
from server.timezone import LOCAL

WEEKS = 12
MAX_DAYS = 2 * 366
FIRST_YEAR, LAST_YEAR = 2000, 2100  # beyond these a date typed into the form is a mistake


@dataclass(frozen=True)
class Period:
    """Local days from `start` to `end`, both included."""

    start: date
    end: date

    @classmethod
    def last_weeks(cls, day, weeks=WEEKS):
        """The `weeks` weeks (Monday to Sunday) up to `day`, this one so far included."""
        return cls(day - timedelta(days=day.weekday(), weeks=weeks - 1), day)

    @classmethod
    def parse(cls, start, end, day):
        """The period between two ISO dates typed into the form; either left empty takes the default."""
        default = cls.last_weeks(day)
        try:
            period = cls(
                date.fromisoformat(start) if start else default.start,
                date.fromisoformat(end) if end else default.end,
            )
        except ValueError:
            raise DomainError(texts.PERIOD_DATE_FORMAT, field="start") from None
        if not all(FIRST_YEAR <= d.year <= LAST_YEAR for d in (period.start, period.end)):
            raise DomainError(texts.PERIOD_YEARS.format(first=FIRST_YEAR, last=LAST_YEAR), field="start")
        if period.end < period.start:
            raise DomainError(texts.PERIOD_ENDS_BEFORE_START, field="end")
        if (period.end - period.start).days >= MAX_DAYS:
            raise DomainError(texts.PERIOD_TOO_LONG, field="start")
        return period

    def mondays(self):
        monday = self.start - timedelta(days=self.start.weekday())
        return [monday + timedelta(weeks=n) for n in range((self.end - monday).days // 7 + 1)]

    def holds(self, column):
        """`column` (a stored UTC timestamp) falls on one of the period's local days; a range on the
        column itself, so an index on it can answer."""
        first = datetime.combine(self.start, time(), LOCAL)
        after = datetime.combine(self.end + timedelta(days=1), time(), LOCAL)
        return (column >= first) & (column < after)


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self):
        return round(100 * self.part / self.whole, 1) if self.whole else None


@dataclass(frozen=True)
class Average:
    working_days: int  # summed over the requests counted
    count: int

    @property
    def days(self):
        return round(self.working_days / self.count, 1) if self.count else None


@dataclass(frozen=True)
class RequestStats:
    period: Period
    weekly: list  # [(Monday, new, closed)]
    open_by_category: list  # [(category name, open)]
    open_by_station: list  # [(station, open)]: the user's own station first, then each station below
    on_time: Share  # resolved by the deadline in force, of those resolved
    first_response: Average
    resolution: Average
    satisfaction: list  # [(rating, count, percent of rated)] in RATINGS order
    repeat: Share  # people with more than one request, of people with any
    overdue_by_level: list  # [(escalation level, overdue open requests)]


def request_stats(staff, period, day=None):
    """The dashboard's figures for `staff`'s subtree over `period` (a Period of local days)."""
    days = _tally(staff, period)
    total = {name: sum(getattr(d, name) for d in days) for name in COUNTS}
    by_station, by_category = _open_now(staff)
    rated = [total[f"rated_{rating}"] for rating in RATINGS]
    return RequestStats(
        period=period,
        weekly=_weekly(period, days),
        open_by_category=by_category,
        open_by_station=by_station,
        first_response=Average(total["response_days"], total["responded"]),
        resolution=Average(total["resolution_days"], total["resolved"]),
        on_time=Share(total["judged"] - total["late"], total["judged"]),
        satisfaction=[(r, n, Share(n, sum(rated)).percent) for r, n in zip(RATINGS, rated, strict=True)],
        repeat=_repeat(staff, period),
        overdue_by_level=_overdue(staff, day or today()),
    )


def _scoped(statement, staff):
    return statement.where(in_scope(ServiceRequest, staff))


def _tally(staff, period):
    statement = select(RequestDayTally).where(
        RequestDayTally.station_id == staff.station_id, RequestDayTally.day.between(period.start, period.end)
    )
    return db.session.scalars(statement).all()


def _weekly(period, days):
    weeks = {monday: [0, 0] for monday in period.mondays()}
    for d in days:
        week = weeks[d.day - timedelta(days=d.day.weekday())]
        week[0] += d.filed
        week[1] += d.closed
    return [(monday, new, closed) for monday, (new, closed) in weeks.items()]


def _repeat(staff, period):
    """People are told apart by their registration, else their WeChat openid, else mini-program one."""
    # Literal prefixes, not bound parameters: GROUP BY must repeat the expression exactly.
    person = func.coalesce(
        literal_column("'v'", String) + cast(ServiceRequest.veteran_id, String),
        literal_column("'o'", String) + ServiceRequest.openid,
        literal_column("'m'", String) + ServiceRequest.miniapp_openid,
    ).label("person")
    each = _scoped(
        select(person, func.count().label("n"))
        .where(period.holds(ServiceRequest.created_at), person.is_not(None))
        .group_by(person),
        staff,
    ).subquery()
    people, repeated = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((each.c.n > 1, 1), else_=0)), 0))
    ).one()
    return Share(repeated, people)


def _open_now(staff):
    """(open by station, open by category): one count per (station, category), rolled up here."""
    statement = _scoped(
        select(ServiceRequest.station_id, ServiceRequest.category_id, func.count())
        .where(ServiceRequest.state.in_(OPEN_STATES))
        .group_by(ServiceRequest.station_id, ServiceRequest.category_id),
        staff,
    )
    counts = db.session.execute(statement).all()
    by_station = _by_station(staff, _sum(counts, 0))
    by_category = _sum(counts, 1)
    categories = db.session.execute(
        select(RequestCategory.id, RequestCategory.name).order_by(RequestCategory.sort, RequestCategory.id)
    ).all()
    return by_station, [(name, by_category.get(i, 0)) for i, name in categories]


def _sum(rows, key):
    total = Counter()
    for row in rows:
        total[row[key]] += row[-1]
    return total


def _by_station(staff, counts):
    """Counts per station rolled up to the stations directly below the user's (and the user's own)."""
    own = staff.station
    children = db.session.scalars(select(Station).where(Station.parent_id == own.id).order_by(Station.code))
    stations = {own.id: own} | {child.id: child for child in children}
    totals = dict.fromkeys(stations, 0)
    if counts:
        paths = db.session.execute(select(Station.id, Station.path).where(Station.path.startswith(own.path)))
        for station_id, path in paths:
            below = path[len(own.path) :].split("/", 1)[0]
            key = int(below) if below else own.id
            if station_id in counts and key in totals:
                totals[key] += counts[station_id]
    return [(stations[key], n) for key, n in totals.items()]


def _overdue(staff, day):
    """Open requests past a running deadline (the queue's 逾期 view), by how far 督办 has climbed."""
    statement = _scoped(
        select(ServiceRequest.escalation_level, func.count())
        .where(
            ServiceRequest.state.in_(OPEN_STATES),
            ServiceRequest.paused_on.is_(None),
            (ServiceRequest.due_on < day) | (ServiceRequest.respond_due_on < day),
        )
        .group_by(ServiceRequest.escalation_level)
        .order_by(ServiceRequest.escalation_level),
        staff,
    )
    return [tuple(row) for row in db.session.execute(statement)]
