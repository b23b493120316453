"""预约办事 in chat: a service → a station (the person's own first, or another in their county) → a day
with places left → a time → a summary with what to bring → 确认. Numbered choices; 上一步 goes back one
step, 取消 leaves. When events are open for the person, the first list offers 活动报名 too
(handlers/station_events.py). The dialog ends when the booking is made, so a second 确认 books nothing.
"""

from functools import wraps

from handlers import slot_picking as slots
from handlers import station_events, texts
from handlers.choices import normal, pick
from handlers.registration import numbered
from handlers.request_parts import BACK
from handlers.router import router, text_of
from menus import MenuKey
from models import Service, Station, db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot, check_registration, schedule_for
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.holds import check_not_on_hold
from server.operations.appointments.services import active_services, stations_offering
from server.operations.appointments.slots import day_label, when
from server.operations.appointments.texts import PHONE_UNKNOWN
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, DomainError, NotFound
from server.operations.service_requests.filing import station_of

CONFIRM_WORDS = frozenset({"确认", "确认预约", "确认报名", "确定"})


def person_of(ctx):
    return people.on_chat(ctx.openid, ctx.veteran)


def actor_of(person):
    return Actor.person(person.name)


def county_of(station):
    """The county (区县) a station is in: where the other stations offered to the person are."""
    place = station
    while place is not None and place.level != "county":
        place = place.parent
    return place or station


@router.click(MenuKey.BOOK)
@router.text(keywords=texts.BOOK_KEYWORDS)
def start_booking(msg, ctx):
    return ask_service(ctx)


def ask_service(ctx, note=""):
    person = person_of(ctx)
    own = station_of(person)
    if own is None:
        ctx.dialog.end()
        return texts.BOOK_NO_STATION
    county = county_of(own)
    services = [s for s in active_services(online_only=True) if stations_offering(s, within=county)]
    events = station_events.events_for(person, own)
    names = [s.name for s in services]
    labels = [s.name if may_book(person, s) else s.name + texts.BOOK_NEEDS_REGISTRATION for s in services]
    shown = labels + ([texts.BOOK_EVENTS_CHOICE.format(count=len(events))] if events else [])
    if not shown:
        ctx.dialog.end()
        return note + texts.BOOK_NOTHING.format(phone=own.phone or PHONE_UNKNOWN)
    ctx.dialog.goto("book:service", services=[s.id for s in services], names=names, events=bool(events))
    return note + texts.BOOK_ASK_SERVICE.format(choices=numbered(shown))


def may_book(person, service):
    """Whether the person's registration is what the service needs (marked in the list if not)."""
    try:
        check_registration(person, service)
    except DomainError:
        return False
    return True


def offered_anew_when_gone(step):
    """A step whose service, station or schedule was switched off (or removed) since the list was
    shown: say why and offer the services as they are now."""

    @wraps(step)
    def guarded(msg, ctx):
        try:
            return step(msg, ctx)
        except DomainError as error:
            return ask_service(ctx, note=error.message + "\n\n")

    return guarded


@router.step("book:service")
def choose_service(msg, ctx):
    said, data = normal(text_of(msg)), ctx.dialog.data
    if said == BACK:
        return ask_service(ctx)
    words = [*data["names"], *([(texts.BOOK_EVENTS_WORD,)] if data["events"] else [])]
    index = pick(said, words)
    if index is None:
        return ask_service(ctx, note=texts.BAD_CHOICE + "\n")
    if index == len(data["services"]):
        person = person_of(ctx)
        return station_events.ask_event(ctx, person, station_of(person))
    service = db.session.get(Service, data["services"][index])
    try:
        check_registration(person_of(ctx), service)
    except DomainError as error:
        return ask_service(ctx, note=error.message + "\n\n")
    ctx.dialog.goto("book:station", service_id=service.id)
    return ask_station(ctx)


def ask_station(ctx, all_stations=False):
    service = db.session.get(Service, ctx.dialog.data["service_id"])
    own = station_of(person_of(ctx))
    offering = stations_offering(service, within=county_of(own))
    others = own in offering and len(offering) > 1 and not all_stations
    if own in offering and not all_stations:
        stations, shown = [own], [texts.BOOK_OWN_STATION.format(name=own.name)]
    else:
        stations, shown = offering, [s.name for s in offering]
        all_stations = own in offering
    shown += [texts.BOOK_OTHER_STATIONS] * others
    ctx.dialog.goto("book:station", stations=[s.id for s in stations], listed_all=all_stations, others=others)
    return texts.BOOK_ASK_STATION.format(service=service.name, choices=numbered(shown))


@router.step("book:station")
@offered_anew_when_gone
def choose_station(msg, ctx):
    said, data = normal(text_of(msg)), ctx.dialog.data
    if said == BACK:
        return ask_station(ctx) if data["listed_all"] else ask_service(ctx)
    names = [station.name for station in stations_of(data)]
    index = pick(said, names + [texts.BOOK_OTHER_STATIONS] * data["others"])
    if index is None:
        return texts.BAD_CHOICE + "\n" + ask_station(ctx, all_stations=data["listed_all"])
    if index == len(data["stations"]):
        return ask_station(ctx, all_stations=True)
    station = stations_of(data)[index]
    try:
        check_not_on_hold(person_of(ctx), station)
    except DomainError as error:
        ctx.dialog.end()
        return error.message
    ctx.dialog.goto("book:day", station_id=station.id)
    return ask_day(ctx)


def stations_of(data):
    return [db.session.get(Station, station_id) for station_id in data["stations"]]


def schedule_of(data):
    return schedule_for(data["service_id"], data["station_id"])


def ask_day(ctx, start=0, note=""):
    schedule = schedule_of(ctx.dialog.data)
    choices = slots.day_choices(ctx, schedule, "book:day", start)
    names = {"service": schedule.service.name, "station": schedule.station.name}
    if not choices:
        return note + texts.BOOK_NO_DAYS.format(phone=schedule.station.phone or PHONE_UNKNOWN, **names)
    return note + texts.BOOK_ASK_DAY.format(choices=choices, **names)


@router.step("book:day")
@offered_anew_when_gone
def choose_day(msg, ctx):
    return slots.answer_day(
        text_of(msg),
        ctx.dialog.data,
        back=lambda: ask_station(ctx),
        ask_day=lambda **page: ask_day(ctx, **page),
        ask_time=lambda day: ask_time(ctx, day),
    )


def ask_time(ctx, day, start=0, note=""):
    schedule = schedule_of(ctx.dialog.data)
    choices = slots.time_choices(ctx, schedule, day, "book:time", start)
    if not choices:
        return ask_day(ctx, note=note)
    return note + texts.BOOK_ASK_TIME.format(
        service=schedule.service.name, day=day_label(day), choices=choices
    )


@router.step("book:time")
@offered_anew_when_gone
def choose_time(msg, ctx):
    def chosen(starts_at):
        ctx.dialog.goto("book:confirm", starts_at=starts_at.isoformat())
        return summary(ctx)

    return slots.answer_time(
        text_of(msg),
        ctx.dialog.data,
        back=lambda: ask_day(ctx),
        ask_time=lambda day, **page: ask_time(ctx, day, **page),
        chosen=chosen,
    )


def summary(ctx):
    schedule = schedule_of(ctx.dialog.data)
    ctx.dialog.goto("book:confirm")
    service, station = schedule.service, schedule.station
    return texts.BOOK_SUMMARY.format(
        service=service.name,
        station=station.name,
        address=station.address or station.name,
        time=when(slots.chosen_time(ctx.dialog.data)),
        materials=texts.BOOK_LIST_JOIN.join(service.material_list) or texts.BOOK_NO_MATERIALS,
    )


@router.step("book:confirm")
@offered_anew_when_gone
def confirm(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return ask_time(ctx, slots.chosen_day(ctx.dialog.data))
    if said not in CONFIRM_WORDS:
        return summary(ctx)
    return book(ctx)


def book(ctx):
    data, person = ctx.dialog.data, person_of(ctx)
    schedule = schedule_of(data)
    try:
        booking = book_slot(person, schedule, slots.chosen_time(data), "chat", actor_of(person))
    except DomainError as error:
        return refused(ctx, error)
    ctx.dialog.end()
    return texts.BOOK_DONE.format(
        service=schedule.service.name,
        time=when(booking.starts_at),
        station=schedule.station.name,
        address=schedule.station.address or schedule.station.name,
        code=short_code_for("B", booking.id, booking.day),
        cutoff=schedule.cutoff_hours,
    )


def refused(ctx, error):
    """A full or closed slot goes back to the times (the message names the nearest free ones);
    anything else (the open limit, a hold, already booked that day) ends the dialog with the reason."""
    slot_problem = "nearest" in error.details or not isinstance(error, Conflict)
    if slot_problem and error.details.get("field") == "start":
        return ask_time(ctx, slots.chosen_day(ctx.dialog.data), note=error.message + "\n")
    ctx.dialog.end()
    return error.message + "\n" + texts.BOOK_SEE_MINE


@router.step("book:event")
def choose_event(msg, ctx):
    said, data = normal(text_of(msg)), ctx.dialog.data
    if said == BACK:
        return ask_service(ctx)
    index = pick(said, [str(n) for n in range(1, len(data["events"]) + 1)])
    person = person_of(ctx)
    if index is None:
        return texts.BAD_CHOICE + "\n" + station_events.ask_event(ctx, person, station_of(person))
    return event_summary(ctx, person, data["events"][index])


@router.step("book:event_confirm")
def confirm_event(msg, ctx):
    said, person = normal(text_of(msg)), person_of(ctx)
    if said == BACK:
        return station_events.ask_event(ctx, person, station_of(person))
    if said not in CONFIRM_WORDS:
        return event_summary(ctx, person, ctx.dialog.data["event_id"])
    try:
        reply = station_events.join(person, ctx.dialog.data["event_id"])
    except DomainError as error:
        return error.message + "\n" + station_events.ask_event(ctx, person, station_of(person))
    ctx.dialog.end()
    return reply


def event_summary(ctx, person, event_id):
    try:
        return station_events.summary(ctx, event_id)
    except NotFound as error:  # removed from the database since the list was shown
        return error.message + "\n" + station_events.ask_event(ctx, person, station_of(person))
