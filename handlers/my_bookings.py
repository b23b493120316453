"""我的预约 in chat: the person's upcoming bookings and event sign-ups, numbered, with their check-in
codes; one of them in detail, and from there 取消预约 / 取消报名 (confirmed), 改约 (a new day and time of
the same station and service) and 签到码 (the 6-digit code to read out at the desk: chat sends text only).
"""

from functools import wraps

from handlers import slot_picking as slots
from handlers import station_events, texts
from handlers.appointments import CONFIRM_WORDS, actor_of, person_of
from handlers.choices import normal, pick, position_of
from handlers.request_parts import BACK
from handlers.router import router, text_of
from menus import MenuKey
from models import Booking
from models.types import utcnow
from server.operations.appointments.bookings import (
    booking_of,
    bookings_of,
    cancel_booking,
    check_movable,
    move_booking,
)
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.slots import day_label, when
from server.operations.appointments.station_events import (
    cancel_signup,
    signup_of,
    signups_of,
    waitlist_position,
)
from server.operations.appointments.texts import PHONE_UNKNOWN
from server.operations.core.errors import DomainError, NotFound
from server.timezone import local_date

LIST_SIZE = 10
SHOWN_SIGNUPS = ("signed_up", "waitlisted")
CANCEL_CONFIRM = "确认取消"


def gone_to_list(step):
    """A step whose booking or sign-up no longer exists (removed from the database since the list
    was shown): say so and show the list as it is now."""

    @wraps(step)
    def guarded(msg, ctx):
        try:
            return step(msg, ctx)
        except NotFound as error:
            return error.message + "\n" + show_list(ctx)

    return guarded


@router.click(MenuKey.MY_BOOKINGS)
@router.text(keywords=[texts.MYBOOK_TITLE])
def my_bookings(msg, ctx):
    return show_list(ctx)


def items_of(person):
    """Upcoming bookings and sign-ups, soonest first, as (kind, record, starts_at)."""
    items = [("B", b, b.starts_at) for b in bookings_of(person, upcoming_only=True)]
    items += [
        ("E", s, s.event.starts_at)
        for s in signups_of(person)
        if s.state in SHOWN_SIGNUPS and s.event.ends_at > utcnow()
    ]
    return sorted(items, key=lambda item: item[2])[:LIST_SIZE]


def show_list(ctx, note=""):
    items = items_of(person_of(ctx))
    if not items:
        ctx.dialog.end()
        return note + texts.MYBOOK_NONE
    ctx.dialog.goto("mybook:list", items=[[kind, record.id] for kind, record, _ in items])
    lines = [line(n, kind, record) for n, (kind, record, _) in enumerate(items, start=1)]
    return note + texts.MYBOOK_LIST.format(lines="\n".join(lines))


def line(n, kind, record):
    if kind == "B":
        return texts.MYBOOK_BOOKING_LINE.format(
            n=n,
            service=record.service.name,
            time=when(record.starts_at),
            station=record.station.name,
            state=record.state_name,
            code=texts.MYBOOK_CODE.format(code=booking_code(record)),
        )
    return texts.MYBOOK_SIGNUP_LINE.format(
        n=n,
        title=record.event.title,
        time=when(record.event.starts_at),
        place=record.event.place,
        state=signup_state(record),
        code=texts.MYBOOK_CODE.format(code=station_events.signup_code(record)) if has_code(record) else "",
    )


def booking_code(booking):
    return short_code_for("B", booking.id, booking.day)


def has_code(signup):
    return signup.state == "signed_up"


def signup_state(signup):
    if signup.state == "waitlisted":
        return signup.state_name + texts.MYBOOK_WAITING.format(position=waitlist_position(signup))
    return signup.state_name


@router.step("mybook:list")
@gone_to_list
def pick_item(msg, ctx):
    items = ctx.dialog.data["items"]
    position = position_of(text_of(msg))
    if position is None or not 1 <= position <= len(items):
        return texts.MYBOOK_PICK + "\n" + show_list(ctx)
    kind, record_id = items[position - 1]
    ctx.dialog.goto("mybook:item", kind=kind, record_id=record_id)
    return show_item(ctx)


def record_of(ctx):
    data = ctx.dialog.data
    find = booking_of if data["kind"] == "B" else signup_of
    return find(person_of(ctx), data["record_id"])


def show_item(ctx):
    record = record_of(ctx)
    ctx.dialog.goto("mybook:item")
    if ctx.dialog.data["kind"] == "B":
        return texts.MYBOOK_BOOKING.format(
            service=record.service.name,
            time=when(record.starts_at),
            station=record.station.name,
            address=record.station.address or record.station.name,
            state=record.state_name,
            code=booking_code(record),
        )
    return texts.MYBOOK_SIGNUP.format(
        title=record.event.title,
        time=when(record.event.starts_at),
        place=record.event.place,
        state=signup_state(record),
        options="\n".join(texts.MYBOOK_SIGNUP_OPTIONS),
    )


@router.step("mybook:item")
@gone_to_list
def act_on_item(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return show_list(ctx)
    booking = ctx.dialog.data["kind"] == "B"
    actions = ("cancel", "move", "code") if booking else ("cancel", "code")
    index = pick(said, texts.MYBOOK_BOOKING_ACTIONS if booking else texts.MYBOOK_SIGNUP_ACTIONS)
    if index is None:
        return texts.BAD_CHOICE + "\n" + show_item(ctx)
    return {"cancel": ask_cancel, "move": start_move, "code": show_code}[actions[index]](ctx)


def what_and_when(ctx, record):
    if ctx.dialog.data["kind"] == "B":
        return record.service.name, when(record.starts_at)
    return record.event.title, when(record.event.starts_at)


def ask_cancel(ctx):
    what, time = what_and_when(ctx, record_of(ctx))
    ctx.dialog.goto("mybook:cancel")
    return texts.MYBOOK_CANCEL_ASK.format(what=what, time=time)


@router.step("mybook:cancel")
@gone_to_list
def confirm_cancel(msg, ctx):
    if normal(text_of(msg)) != CANCEL_CONFIRM:
        return texts.MYBOOK_KEPT + "\n" + show_item(ctx)
    record, person = record_of(ctx), person_of(ctx)
    what, time = what_and_when(ctx, record)
    ctx.dialog.end()
    try:
        cancel = cancel_booking if isinstance(record, Booking) else cancel_signup
        cancel(record, actor_of(person))
    except DomainError as error:
        return error.message
    return texts.MYBOOK_CANCELLED.format(what=what, time=time)


def show_code(ctx):
    record = record_of(ctx)
    if record.state == "waitlisted":
        return texts.MYBOOK_NO_CODE
    if record.state not in ("booked", "signed_up"):  # cancelled, say, since the list was shown
        return texts.MYBOOK_CODE_CLOSED.format(state=record.state_name)
    if ctx.dialog.data["kind"] == "B":
        return texts.MYBOOK_CODE_TEXT.format(
            code=booking_code(record),
            day=day_label(record.day),
            place=record.station.name,
            desk=texts.MYBOOK_DESK,
        )
    return texts.MYBOOK_CODE_TEXT.format(
        code=station_events.signup_code(record),
        day=day_label(local_date(record.event.starts_at)),
        place=record.event.place,
        desk=texts.MYBOOK_EVENT_DESK,
    )


def start_move(ctx):
    booking = record_of(ctx)
    try:
        check_movable(booking)
    except DomainError as error:
        return error.message
    return ask_move_day(ctx)


def ask_move_day(ctx, start=0, note=""):
    booking = record_of(ctx)
    choices = slots.day_choices(ctx, booking.schedule, "mybook:day", start)
    names = {"service": booking.service.name, "station": booking.station.name}
    if not choices:
        phone = booking.station.phone or PHONE_UNKNOWN
        return note + texts.MYBOOK_NO_DAYS.format(phone=phone, **names)
    return note + texts.MYBOOK_MOVE_DAY.format(time=when(booking.starts_at), choices=choices, **names)


@router.step("mybook:day")
@gone_to_list
def choose_move_day(msg, ctx):
    return slots.answer_day(
        text_of(msg),
        ctx.dialog.data,
        back=lambda: show_item(ctx),
        ask_day=lambda **page: ask_move_day(ctx, **page),
        ask_time=lambda day: ask_move_time(ctx, day),
    )


def ask_move_time(ctx, day, start=0, note=""):
    booking = record_of(ctx)
    choices = slots.time_choices(ctx, booking.schedule, day, "mybook:time", start)
    if not choices:
        return ask_move_day(ctx, note=note)
    return note + texts.BOOK_ASK_TIME.format(
        service=booking.service.name, day=day_label(day), choices=choices
    )


@router.step("mybook:time")
@gone_to_list
def choose_move_time(msg, ctx):
    def chosen(starts_at):
        ctx.dialog.goto("mybook:move", starts_at=starts_at.isoformat())
        return move_summary(ctx)

    return slots.answer_time(
        text_of(msg),
        ctx.dialog.data,
        back=lambda: ask_move_day(ctx),
        ask_time=lambda day, **page: ask_move_time(ctx, day, **page),
        chosen=chosen,
    )


def move_summary(ctx):
    booking = record_of(ctx)
    ctx.dialog.goto("mybook:move")
    return texts.MYBOOK_MOVE_SUMMARY.format(
        service=booking.service.name,
        station=booking.station.name,
        old=when(booking.starts_at),
        new=when(slots.chosen_time(ctx.dialog.data)),
    )


@router.step("mybook:move")
@gone_to_list
def confirm_move(msg, ctx):
    said = normal(text_of(msg))
    if said == BACK:
        return ask_move_time(ctx, slots.chosen_day(ctx.dialog.data))
    if said not in CONFIRM_WORDS:
        return move_summary(ctx)
    booking, person = record_of(ctx), person_of(ctx)
    try:
        moved = move_booking(booking, slots.chosen_time(ctx.dialog.data), person, actor_of(person))
    except DomainError as error:
        if "nearest" in error.details:
            return ask_move_time(ctx, slots.chosen_day(ctx.dialog.data), note=error.message + "\n")
        ctx.dialog.end()
        return error.message
    ctx.dialog.end()
    return texts.MYBOOK_MOVED.format(
        service=moved.service.name,
        time=when(moved.starts_at),
        station=moved.station.name,
        code=booking_code(moved),
    )
