"""活动报名 in chat, offered on 预约办事's first list when events are open for the person: the events
(title, time, place, places left or 候补), a summary, 确认 → a place or a place in line. The dialog's
steps are registered in handlers/appointments.py, which owns 预约办事; this module says and does."""

from handlers import texts
from handlers.registration import numbered
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.slots import when
from server.operations.appointments.station_events import (
    get_event,
    open_events_for,
    sign_up,
    waitlist_position,
)
from server.timezone import local_date

EVENT_STEP = "book:event"
CONFIRM_STEP = "book:event_confirm"


def places_of(event):
    if event.remaining > 0:
        return texts.EVENT_PLACES_LEFT.format(n=event.remaining)
    return texts.EVENT_PLACES_WAITLIST


def bookable(events):
    """The events a person can still join: with a place left or a waiting list."""
    return [e for e in events if e.remaining > 0 or e.waitlist]


def events_for(person, station):
    return bookable(open_events_for(person, station))


def ask_event(ctx, person, station):
    events = events_for(person, station)
    if not events:
        ctx.dialog.goto(EVENT_STEP, events=[])
        return texts.EVENT_NONE + texts.BOOK_STEP_HINT
    ctx.dialog.goto(EVENT_STEP, events=[e.id for e in events])
    lines = [
        texts.EVENT_LINE.format(
            title=e.title, kind=e.kind_name, time=when(e.starts_at), place=e.place, places=places_of(e)
        )
        for e in events
    ]
    return texts.EVENT_ASK.format(choices=numbered(lines))


def summary(ctx, event_id):
    event = get_event(event_id)
    ctx.dialog.goto(CONFIRM_STEP, event_id=event.id)
    if event.remaining > 0:
        places = texts.EVENT_SUMMARY_LEFT.format(n=event.remaining)
    else:
        places = texts.EVENT_SUMMARY_WAITLIST
    return texts.EVENT_SUMMARY.format(
        title=event.title, kind=event.kind_name, time=when(event.starts_at), place=event.place, places=places
    )


def join(person, event_id):
    """Sign up (DomainError when refused) and say where the person stands."""
    event = get_event(event_id)
    signup = sign_up(person, event, "chat")
    if signup.state == "waitlisted":
        return texts.EVENT_WAITLISTED.format(title=event.title, position=waitlist_position(signup))
    return texts.EVENT_SIGNED_UP.format(
        title=event.title, time=when(event.starts_at), place=event.place, code=signup_code(signup)
    )


def signup_code(signup):
    return short_code_for("E", signup.id, local_date(signup.event.starts_at))
