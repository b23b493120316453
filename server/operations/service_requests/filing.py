"""Filing requests (诉求) and what the person does with them: add a message, withdraw, see their own.

Routing, states, deadlines, replies and rating live in the modules beside this one.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from models import Follower, RequestCategory, RequestCounter, ServiceRequest, Veteran, db
from models.request import CHANNELS, OPEN_STATES
from models.types import utcnow
from server.operations.core import audit
from server.operations.core.calendar import WorkingCalendar
from server.operations.core.errors import Conflict, DomainError, InvalidState, NotFound
from server.operations.core.free_text import keep_originals, mask_numbers
from server.operations.core.numbers import whole_number
from server.operations.service_requests import texts
from server.operations.service_requests.deadlines import start_clock, today
from server.operations.service_requests.events import add_event
from server.operations.service_requests.routing import assign_automatically, route_station
from server.operations.service_requests.states import move_request

DUPLICATE_WINDOW = timedelta(days=7)
CONTENT_LIMIT = 2000
TITLE_LIMIT = 30
PHRASE_ENDS = "，。；！？、,.;!? "
PETITION_RESOLUTION_MAX = 60  # 信访工作条例: handled within 60 days of acceptance


@dataclass(frozen=True)
class Person:
    """Who a request is for: their registration if any, and how to reach them on WeChat."""

    veteran: Veteran | None = None
    openid: str | None = None
    miniapp_openid: str | None = None
    name: str | None = None
    mobile: str | None = None  # someone not registered who phoned or came in, to call back

    @property
    def display_name(self):
        return self.name or (self.veteran.name if self.veteran else None)

    def owns(self, request):
        return bool(
            (self.veteran is not None and request.veteran_id == self.veteran.id)
            or (self.openid and request.openid == self.openid)
            or (self.miniapp_openid and request.miniapp_openid == self.miniapp_openid)
        )

    def clause(self):
        conditions = []
        if self.veteran is not None:
            conditions.append(ServiceRequest.veteran_id == self.veteran.id)
        if self.openid:
            conditions.append(ServiceRequest.openid == self.openid)
        if self.miniapp_openid:
            conditions.append(ServiceRequest.miniapp_openid == self.miniapp_openid)
        return or_(*conditions) if conditions else ServiceRequest.id.is_(None)


def clean_text(value, field, label, low, high):
    """Text from a person or staff: stripped, without control characters, within its limits. A
    refusal names `field`, the name the console's forms and the API both give that text."""
    text = "".join(ch for ch in str(value or "") if ch in "\n\t" or ch.isprintable()).strip()
    if not low <= len(text) <= high:
        raise DomainError(texts.TEXT_LENGTH.format(label=label, low=low, high=high), field=field)
    return text


def active_request_categories():
    return (
        db.session.execute(
            select(RequestCategory).where(RequestCategory.active.is_(True)).order_by(RequestCategory.sort)
        )
        .scalars()
        .all()
    )


def station_of(person):
    """The station a person's requests go to: their registration's, else the station QR they followed."""
    if person.veteran is not None and person.veteran.station is not None:
        return person.veteran.station
    if person.openid:
        follower = db.session.execute(select(Follower).filter_by(openid=person.openid)).scalar_one_or_none()
        if follower is not None and follower.station is not None:
            return follower.station
    return None


def recent_duplicate(person, category):
    """An open request of the same person and category filed within DUPLICATE_WINDOW, or None."""
    statement = (
        select(ServiceRequest)
        .where(person.clause(), ServiceRequest.category_id == category.id)
        .where(
            ServiceRequest.state.in_(OPEN_STATES), ServiceRequest.created_at >= utcnow() - DUPLICATE_WINDOW
        )
        .order_by(ServiceRequest.id.desc())
        .limit(1)
    )
    return db.session.execute(statement).scalar_one_or_none()


def file_request(person, category, content, channel, actor, title=None, station=None, allow_duplicate=False):
    """File a request for `person`: numbered, routed to their station, deadlines started, assigned.

    Staff filing on someone's behalf pass the channel (phone, walk-in, letter) and the station.
    ID numbers and mobiles in the text are stored masked, the text as written kept apart (free_text.py).
    A same-category request still open from the last days raises Conflict unless `allow_duplicate`.
    """
    if channel not in CHANNELS:
        raise DomainError(texts.CHANNEL_INVALID, field="channel")
    if category is None or not category.active:
        raise DomainError(texts.CATEGORY_REQUIRED, field="category_id")
    content = clean_text(content, "content", texts.CONTENT, 5, CONTENT_LIMIT)
    masked = mask_numbers(content)
    if title:
        title = clean_text(title, "title", texts.TITLE, 2, 100)
        masked_title = mask_numbers(title)
    else:  # cut from the masked text too, so that no cut leaves part of a number in the clear
        title, masked_title = title_from(content), title_from(masked)
    home = station or station_of(person)
    if home is None:
        raise DomainError(texts.STATION_UNKNOWN, field="station_id")
    _one_filing_at_a_time()
    duplicate = None if allow_duplicate else recent_duplicate(person, category)
    if duplicate is not None:
        raise Conflict(texts.DUPLICATE.format(number=duplicate.number), number=duplicate.number)
    owner = route_station(home, category)
    request = ServiceRequest(
        number=next_number(),
        veteran_id=person.veteran.id if person.veteran else None,
        openid=person.openid,
        miniapp_openid=person.miniapp_openid,
        person_name=(person.display_name or "")[:40] or None,
        caller_mobile=person.mobile,
        station_id=owner.id,
        station=owner,
        category_id=category.id,
        category=category,
        track=category.track,
        title=masked_title,
        content=masked,
        channel=channel,
        state="registered" if category.track == "petition" else "pending",
        filed_by_id=actor.staff_id,
    )
    start_clock(request, WorkingCalendar.load(), today())
    db.session.add(request)
    db.session.flush()
    keep_originals(request, title=title, content=content)
    add_event(request, "filed", actor, body=content, public=True, channel=channel, station_id=owner.id)
    if actor.staff_id is not None:
        audit.record(actor, "request.file", request, channel=channel)
    assign_automatically(request, audit.Actor.system(texts.AUTO_ASSIGNER))
    return request


def title_from(content):
    """The first line of `content`, or when longer than TITLE_LIMIT its start ended with "…": cut after
    the last punctuation mark in the limit if that keeps half of it, so a phrase is not split."""
    line = content.splitlines()[0]
    if len(line) <= TITLE_LIMIT:
        return line
    head = line[: TITLE_LIMIT - 1]
    stop = max(head.rfind(mark) for mark in PHRASE_ENDS)
    return (head[:stop] if stop >= TITLE_LIMIT // 2 else head) + "…"


def _one_filing_at_a_time():
    """Lock this year's number counter to the commit before looking for a duplicate. Filings wait
    for that row anyway to be numbered; waiting before the look means that a second filing of the
    same thing (a double tap on 提交) sees the first and is offered to add to it. SQLite has one
    writer at a time; the year's very first filing has no row to lock yet."""
    counter = RequestCounter.__table__
    db.session.execute(select(counter.c.year).where(counter.c.year == today().year).with_for_update())


def next_number(year=None):
    """The next request number of the year, e.g. 2026-0001234; one counter row per year, locked."""
    year = year or today().year
    counter = RequestCounter.__table__
    bump = (
        update(counter)
        .where(counter.c.year == year)
        .values(last=counter.c.last + 1)
        .returning(counter.c.last)
    )
    last = db.session.execute(bump).scalar()
    if last is None:
        try:
            with db.session.begin_nested():
                db.session.execute(counter.insert().values(year=year, last=0))
        except IntegrityError:
            pass  # another request created this year's row first
        last = db.session.execute(bump).scalar()
    return f"{year}-{last:07d}"


def requests_of(person, limit=50, before=None):
    """The person's requests, newest first; `before` (an id) gives the page after the one ending there."""
    statement = select(ServiceRequest).where(person.clause()).order_by(ServiceRequest.id.desc()).limit(limit)
    if before is not None:
        statement = statement.where(ServiceRequest.id < before)
    return db.session.execute(statement).scalars().all()


def open_request_of(person):
    """The person's most recent open request, or None: what a loose chat message may be added to."""
    statement = (
        select(ServiceRequest)
        .where(person.clause(), ServiceRequest.state.in_(OPEN_STATES))
        .order_by(ServiceRequest.id.desc())
        .limit(1)
    )
    return db.session.execute(statement).scalar_one_or_none()


def request_of(person, number):
    """The person's own request by number; NotFound for anyone else's."""
    request = db.session.execute(select(ServiceRequest).filter_by(number=number)).scalar_one_or_none()
    if request is None or not person.owns(request):
        raise NotFound(texts.NOT_FOUND)
    return request


def add_person_message(request, person, text, actor):
    """The person adds to their open request; a request waiting on them runs again."""
    if not request.is_open:
        raise InvalidState(texts.CLOSED_NO_MESSAGE)
    text = clean_text(text, "text", texts.ADDED_TEXT, 1, CONTENT_LIMIT)
    add_event(request, "message", actor, body=text, public=True)
    if request.state == "waiting":
        move_request(request, "resume", actor, reason=texts.RESUMED_BY_MESSAGE)
    return request


def withdraw_request(request, actor, reason=None):
    if not request.is_open:
        raise InvalidState(texts.CLOSED_NO_WITHDRAW)
    reason = clean_text(reason, "reason", texts.WITHDRAW_REASON, 0, 200) if reason else None
    request.state, request.closed_at = "withdrawn", utcnow()
    add_event(request, "state", actor, body=reason or texts.WITHDRAWN, public=True, to="withdrawn")
    return request


def save_request_category(category, values, actor):
    """Create (category None) or change a request category; the network's admin does this."""
    name = clean_text(values.get("name"), "name", texts.CATEGORY_NAME, 2, 32)
    track = values.get("track")
    if track not in ("service", "petition"):
        raise DomainError(texts.TRACK_REQUIRED, field="track")
    days = {}
    for field, label in texts.DAY_LIMITS.items():
        days[field] = whole_number(values.get(field)) or 0
        if not 1 <= days[field] <= 90:
            raise DomainError(texts.DAY_LIMIT_RANGE.format(label=label), field=field)
    if track == "petition" and days["resolution_days"] > PETITION_RESOLUTION_MAX:
        message = texts.PETITION_RESOLUTION_TOO_LONG.format(days=PETITION_RESOLUTION_MAX)
        raise DomainError(message, field="resolution_days")
    route_level = values.get("route_level") or None
    if route_level not in (None, "city", "county", "township"):
        raise DomainError(texts.ROUTE_LEVEL_INVALID, field="route_level")
    clash = db.session.execute(select(RequestCategory).filter_by(name=name)).scalar_one_or_none()
    if clash is not None and clash is not category:
        raise Conflict(texts.CATEGORY_TAKEN, field="name")
    category = category or RequestCategory()
    category.name, category.track, category.route_level = name, track, route_level
    category.first_response_days, category.resolution_days = (
        days["first_response_days"],
        days["resolution_days"],
    )
    category.active = bool(values.get("active", True))
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "request_category.save", category, name=name)
    return category
