"""The dashboard's figures (统计) for a staff member's scope and a period of Asia/Shanghai days.

Flow over the period: new and closed per week, on-time rate, average first-response and resolution
time in working days, satisfaction, repeat-request rate. Standing now: open by category and by
station, overdue by escalation level. Every query is grouped in the database into at most a few
thousand rows (per day, or per pair of days), which are weighted here with the working calendar, so
the work stays the same whether the scope holds a hundred requests or a million.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, String, case, cast, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from models import RequestCategory, ServiceRequest, Station, db
from models.request import OPEN_STATES, RATINGS
from server.operations.calendar import WorkingCalendar
from server.operations.errors import DomainError
from server.operations.request_deadlines import today
from server.operations.scope import in_scope
from server.timezone import LOCAL

WEEKS = 12
MAX_DAYS = 2 * 366
FIRST_YEAR, LAST_YEAR = 2000, 2100  # beyond these a date typed into the form is a mistake


class local_day(FunctionElement):  # noqa: N801 - used like the SQL function it compiles to
    """The Asia/Shanghai date of a stored (naive UTC) timestamp, computed by the database. Shanghai
    has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_day_postgresql(element, compiler, **kw):
    return f"CAST(({compiler.process(element.clauses, **kw)} + INTERVAL '8 hours') AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


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
            raise DomainError("日期格式应为 2026-01-31", field="start") from None
        if not all(FIRST_YEAR <= d.year <= LAST_YEAR for d in (period.start, period.end)):
            raise DomainError(f"日期应在{FIRST_YEAR}年至{LAST_YEAR}年之间", field="start")
        if period.end < period.start:
            raise DomainError("结束日期不能早于开始日期", field="end")
        if (period.end - period.start).days >= MAX_DAYS:
            raise DomainError("统计时段最长两年", field="start")
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


def request_stats(staff, period, day=None, calendar=None):
    """The dashboard's figures for `staff`'s subtree over `period` (a Period of local days)."""
    day, calendar = day or today(), calendar or WorkingCalendar.load()
    resolved = _resolved(staff, period)
    by_station, by_category = _open_now(staff)
    return RequestStats(
        period=period,
        weekly=_weekly(staff, period, resolved),
        open_by_category=by_category,
        open_by_station=by_station,
        first_response=_first_response(staff, period, calendar),
        resolution=_resolution(resolved, calendar),
        on_time=_on_time(resolved),
        satisfaction=_satisfaction(staff, period),
        repeat=_repeat(staff, period),
        overdue_by_level=_overdue(staff, day),
    )


def _scoped(statement, staff):
    return statement.where(in_scope(ServiceRequest, staff))


def _per_day(staff, column, *conditions):
    day = local_day(column)
    statement = _scoped(select(day, func.count()).where(*conditions).group_by(day), staff)
    return {_as_date(d): n for d, n in db.session.execute(statement)}


def _weekly(staff, period, resolved):
    """New and closed per week. Closed: out of the open states, on the day it was resolved, or (never
    resolved: not accepted, withdrawn, merged) on the day it was closed."""
    new = _per_day(staff, ServiceRequest.created_at, period.holds(ServiceRequest.created_at))
    closed = Counter()
    for _filed, resolved_on, _late, n in resolved:
        closed[resolved_on] += n
    closed.update(
        _per_day(
            staff,
            ServiceRequest.closed_at,
            ServiceRequest.resolved_at.is_(None),
            ServiceRequest.state.not_in(OPEN_STATES),
            period.holds(ServiceRequest.closed_at),
        )
    )
    weeks = {monday: [0, 0] for monday in period.mondays()}
    for column, counts in ((0, new), (1, closed)):
        for day, n in counts.items():
            weeks[day - timedelta(days=day.weekday())][column] += n
    return [(monday, new_n, closed_n) for monday, (new_n, closed_n) in weeks.items()]


def _pairs(statement):
    """Rows of (first local day, second local day, *rest, count), the days as dates."""
    return [(_as_date(a), _as_date(b), *rest) for a, b, *rest in db.session.execute(statement)]


def _first_response(staff, period, calendar):
    filed, answered = local_day(ServiceRequest.created_at), local_day(ServiceRequest.first_responded_at)
    statement = (
        select(filed, answered, func.count())
        .where(period.holds(ServiceRequest.first_responded_at))
        .group_by(filed, answered)
    )
    rows = _pairs(_scoped(statement, staff))
    numbers = _working_day_numbers(calendar, rows)
    return Average(sum((numbers[b] - numbers[a]) * n for a, b, n in rows), sum(n for *_, n in rows))


def _resolved(staff, period):
    """(day filed, day resolved, late, count) of the requests resolved in the period and not open
    again; late is None when no deadline was in force."""
    filed, resolved = local_day(ServiceRequest.created_at), local_day(ServiceRequest.resolved_at)
    late = resolved > ServiceRequest.resolved_due_on
    statement = (
        select(filed, resolved, late, func.count())
        .where(ServiceRequest.state.not_in(OPEN_STATES), period.holds(ServiceRequest.resolved_at))
        .group_by(filed, resolved, late)
    )
    return _pairs(_scoped(statement, staff))


def _resolution(resolved, calendar):
    numbers = _working_day_numbers(calendar, resolved)
    return Average(
        sum((numbers[b] - numbers[a]) * n for a, b, _, n in resolved), sum(r[-1] for r in resolved)
    )


def _on_time(resolved):
    judged = [(bool(late), n) for _, _, late, n in resolved if late is not None]
    return Share(sum(n for late, n in judged if not late), sum(n for _, n in judged))


def _working_day_numbers(calendar, rows):
    """{day: working days from before the first day to it} over the days the rows span, so that
    the working days between two of them is a subtraction (the calendar's working_days_between)."""
    days = [d for row in rows for d in row[:2]]
    if not days:
        return {}
    first, numbers, count = min(days), {}, 0
    for offset in range((max(days) - first).days + 1):
        day = first + timedelta(days=offset)
        count += offset > 0 and calendar.is_working_day(day)
        numbers[day] = count
    return numbers


def _satisfaction(staff, period):
    statement = _scoped(
        select(ServiceRequest.rating, func.count())
        .where(ServiceRequest.rating.is_not(None), period.holds(ServiceRequest.rated_at))
        .group_by(ServiceRequest.rating),
        staff,
    )
    counts = dict(db.session.execute(statement).all())
    rated = sum(counts.get(r, 0) for r in RATINGS)
    return [(r, counts.get(r, 0), Share(counts.get(r, 0), rated).percent) for r in RATINGS]


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


def _as_date(value):
    """SQLite gives the local day as text; PostgreSQL as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value
