"""The desk's side of an appointment: check-in by the person's code, 已完成, 爽约, and closing a slot
(everyone in it is told and offered other times). Staff act only within their stations' subtree."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from models import Booking, EventSignup, SlotTally, StationEvent, db
from models.types import utcnow
from server.operations.appointments import holds, notices, texts
from server.operations.appointments.bookings import cancel_booking, leave_state
from server.operations.appointments.checkin_codes import read_token, short_code_for
from server.operations.appointments.places import ensure_slot_row
from server.operations.appointments.slots import month_day
from server.operations.core import audit
from server.operations.core.errors import DomainError, InvalidState, NotFound
from server.operations.core.scope import in_scope, station_in_scope
from server.timezone import LOCAL, local_date


def find_by_code(code, staff, today=None):
    """The booking or sign-up a scanned token or a typed 6-digit code names, within `staff`'s
    stations; a list when a short code matches more than one of today's (staff pick)."""
    today = today or local_date(utcnow())
    code = (code or "").strip()
    read = read_token(code)
    if read is not None:
        kind, record_id, day = read
        record = db.session.get(Booking if kind == "B" else EventSignup, record_id)
        if record is None or not _in_scope(record, staff):
            raise NotFound(texts.CODE_UNKNOWN, field="code")
        if day != today:
            raise InvalidState(texts.CODE_OTHER_DAY.format(day=month_day(day)), field="code")
        return [record]
    if not (code.isdigit() and len(code) == 6):
        raise DomainError(texts.CODE_UNKNOWN, field="code")
    found = [b for b in _todays_bookings(staff, today) if short_code_for("B", b.id, today) == code]
    found += [s for s in _todays_signups(staff, today) if short_code_for("E", s.id, today) == code]
    if not found:
        raise NotFound(texts.CODE_UNKNOWN, field="code")
    return found


def check_in(booking, actor):
    if local_date(booking.starts_at) != local_date(utcnow()):
        day = booking.day
        raise InvalidState(texts.CODE_OTHER_DAY.format(day=month_day(day)), field="code")
    leave_state(booking, "booked", state="checked_in", checked_in_at=utcnow())
    audit.record(actor, "booking.check_in", booking, station_id=booking.station_id)
    return booking


def finish(booking, actor):
    if booking.state != "checked_in":
        raise InvalidState(texts.NOT_CHECKED_IN.format(state=booking.state_name))
    leave_state(booking, "checked_in", state="done", finished_at=utcnow())
    audit.record(actor, "booking.done", booking, station_id=booking.station_id)
    return booking


def mark_no_show(booking, actor):
    """爽约, by staff after the slot began or by the sweep after its end and the grace period; the
    no-show that puts the person on hold also tells them why and until when."""
    if utcnow() < booking.starts_at:
        raise InvalidState(texts.NOT_DUE_YET)
    leave_state(booking, "booked", state="no_show", finished_at=utcnow())
    audit.record(actor, "booking.no_show", booking, station_id=booking.station_id)
    _tell_if_held(booking)
    return booking


def close_slot(schedule, starts_at, reason, actor):
    """Stop a slot's bookings and cancel those in it: each person is told and offered other times."""
    if not (reason or "").strip():
        raise DomainError(texts.REASON_REQUIRED, field="reason")
    ensure_slot_row(schedule.id, starts_at)
    tally = db.session.get(SlotTally, (schedule.id, starts_at), with_for_update=True)
    tally.closed, tally.closed_reason = True, reason.strip()
    db.session.flush()
    affected = db.session.execute(
        select(Booking).where(
            Booking.schedule_id == schedule.id, Booking.starts_at == starts_at, Booking.state == "booked"
        )
    ).scalars()
    cancelled = [cancel_booking(b, actor, reason, by_staff=True) for b in affected]
    audit.record(
        actor, "slot.close", schedule, station_id=schedule.station_id, starts_at=starts_at.isoformat()
    )
    return cancelled


def cancel_for_closure(station, starts_on, ends_on, reason, actor):
    """The station closes for days (a StationClosure): cancel and tell everyone booked then."""
    start = datetime.combine(starts_on, time(0), LOCAL)
    end = datetime.combine(ends_on + timedelta(days=1), time(0), LOCAL)
    affected = db.session.execute(
        select(Booking).where(
            Booking.station_id == station.id,
            Booking.starts_at >= start,
            Booking.starts_at < end,
            Booking.state == "booked",
        )
    ).scalars()
    return [cancel_booking(b, actor, reason, by_staff=True) for b in affected]


def day_list(station, day):
    """A station's bookings of one day, in time order, for the desk and the printed list."""
    return (
        db.session.execute(
            select(Booking)
            .where(Booking.station_id == station.id, Booking.day == day, Booking.state != "cancelled")
            .order_by(Booking.starts_at, Booking.id)
        )
        .scalars()
        .all()
    )


def _tell_if_held(booking):
    keys = [booking.person_key]
    hold = holds.hold_of(keys)
    if hold is not None and holds.hold_of(keys, leaving_out=booking.id) != hold:
        # this no-show is what started (or lengthened) the hold
        notices.hold_started(booking, holds.hold_message(hold, booking.station, texts.HOLD_NOTICE))


def _in_scope(record, staff):
    station = record.station if isinstance(record, Booking) else record.event.station
    return station_in_scope(station, staff)


def _todays_bookings(staff, today):
    return db.session.execute(
        select(Booking).where(in_scope(Booking, staff), Booking.day == today, Booking.state == "booked")
    ).scalars()


def _todays_signups(staff, today):
    start = datetime.combine(today, time(0), LOCAL)
    return db.session.execute(
        select(EventSignup)
        .join(StationEvent)
        .where(
            in_scope(StationEvent, staff),
            StationEvent.starts_at >= start,
            StationEvent.starts_at < start + timedelta(days=1),
            EventSignup.state == "signed_up",
        )
    ).scalars()
