"""Booking, cancelling and moving appointments: the rules every channel shares.

A person books online (chat, mini-program) within the schedule's window and the places not held
back, at most `open_bookings_limit` at once, unless no-shows have put them on hold; staff book for
someone who phoned or walked in, in any future slot with a desk free. The slot's place is taken by
the database (`places.take_place`), never by counting in Python.
"""

from datetime import timedelta

from sqlalchemy import func, select, text, update

from models import Booking, Schedule, Service, Station, db
from models.appointment import ACTIVE_STATES
from models.types import utcnow
from server.extensions import settings
from server.operations.appointments import holds, notices, texts
from server.operations.appointments.people import keys_of
from server.operations.appointments.places import ensure_slot_row, give_back_place, take_place
from server.operations.appointments.slots import find_slot, nearest_free, when
from server.operations.core import audit
from server.operations.core.errors import Conflict, DomainError, InvalidState, NotFound
from server.timezone import local_date

OPEN_STATES = ("booked",)


def schedule_for(service_id, station_id, online=True):
    """The active schedule of a station for a service, checking that both exist and match."""
    service = db.session.get(Service, service_id) if isinstance(service_id, int) else None
    if service is None or not service.active:
        raise NotFound(texts.SERVICE_UNKNOWN, field="service_id")
    station = db.session.get(Station, station_id) if isinstance(station_id, int) else None
    if station is None or not station.active:
        raise NotFound(texts.STATION_UNKNOWN, field="station_id")
    if online and not service.online:
        raise DomainError(texts.SERVICE_NOT_ONLINE.format(service=service.name), field="service_id")
    schedule = db.session.execute(
        select(Schedule).where(
            Schedule.station_id == station.id, Schedule.service_id == service.id, Schedule.active
        )
    ).scalar_one_or_none()
    if schedule is None or station.level not in service.levels:
        message = texts.SERVICE_NOT_HERE.format(station=station.name, service=service.name)
        raise DomainError(message, field="station_id")
    return schedule


def book_slot(person, schedule, starts_at, channel, actor, staff=None, subscribed=()):
    """Book `starts_at` of `schedule` for `person`. Staff (`staff` given) may use held-back places
    and skip the online limits; a full slot is a Conflict naming the nearest free slots. Nothing is
    changed when it refuses, so a channel that answers the refusal may still commit."""
    held = _take_place(person, schedule, starts_at, staff)
    return _insert(person, schedule, starts_at, channel, actor, staff, held, subscribed)


def _take_place(person, schedule, starts_at, staff, replacing=None):
    by_staff = staff is not None
    find_slot(schedule, starts_at, for_staff=by_staff)
    if not by_staff:
        check_registration(person, schedule.service)
    ensure_slot_row(schedule.id, starts_at)  # on SQLite: the write lock, before the reads below
    _lock_person(person)
    _check_same_day(person, schedule, starts_at, replacing)
    if not by_staff and replacing is None:
        holds.check_not_on_hold(person, schedule.station)
        _check_open_limit(person)
    taken, held = take_place(schedule, starts_at, by_staff)
    if not taken:
        raise _full(schedule, starts_at, by_staff)
    return held


def _insert(person, schedule, starts_at, channel, actor, staff, held, subscribed):
    booking = Booking(
        person_key=person.key,
        veteran_id=person.veteran.id if person.veteran else None,
        openid=person.openid,
        miniapp_openid=person.miniapp_openid,
        name=person.name,
        mobile=person.mobile,
        station_id=schedule.station_id,
        service_id=schedule.service_id,
        schedule_id=schedule.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=schedule.slot_minutes),
        day=local_date(starts_at),
        channel=channel,
        held_place=held,
        subscribed=list(subscribed),
        booked_by_id=staff.id if staff is not None else None,
    )
    db.session.add(booking)
    db.session.flush()
    if staff is not None:
        audit.record(actor, "booking.create", booking, station_id=booking.station_id)
    if channel != "chat":  # in chat, the dialog's own reply is the confirmation
        notices.booked(booking)
    return booking


def cancel_booking(booking, actor, reason=None, by_staff=False):
    """Cancel a booking: by the person until the schedule's cut-off, by staff (with a reason, and
    the person is told and offered other times) until it is checked in. The place goes back."""
    _ensure_open(booking)
    if not by_staff:
        check_cutoff(booking)
    elif not (reason or "").strip():
        raise DomainError(texts.REASON_REQUIRED, field="reason")
    leave_state(
        booking,
        "booked",
        state="cancelled",
        finished_at=utcnow(),
        cancel_reason=(reason or "").strip() or texts.CANCEL_BY_PERSON,
        cancelled_by_staff=by_staff,
    )
    give_back_place(booking)
    if by_staff:
        audit.record(
            actor, "booking.cancel", booking, station_id=booking.station_id, reason=booking.cancel_reason
        )
        notices.cancelled_by_station(booking)
    return booking


def move_booking(booking, starts_at, person, actor, staff=None):
    """Move a booking to another slot of the same station and service. The new place is taken
    before the old one is given back, so a full slot leaves the booking as it was."""
    _ensure_open(booking)
    if staff is None:
        check_movable(booking)
    if starts_at == booking.starts_at:
        raise DomainError(texts.SAME_SLOT, field="start")
    held = _take_place(person, booking.schedule, starts_at, staff, replacing=booking)
    moved_text = texts.MOVED.format(time=when(starts_at))
    # out of the one-a-day index before the new booking goes in
    leave_state(booking, "booked", state="cancelled", finished_at=utcnow(), cancel_reason=moved_text)
    give_back_place(booking)
    moved = _insert(
        person, booking.schedule, starts_at, booking.channel, actor, staff, held, booking.subscribed
    )
    booking.moved_to_id = moved.id
    db.session.flush()
    return moved


def bookings_of(person, upcoming_only=False):
    statement = select(Booking).where(Booking.person_key.in_(keys_of(person)))
    if upcoming_only:
        statement = statement.where(Booking.state.in_(OPEN_STATES), Booking.ends_at > utcnow())
    return db.session.execute(statement.order_by(Booking.starts_at.desc(), Booking.id.desc())).scalars().all()


def booking_of(person, booking_id):
    """The person's own booking `booking_id`; anyone else's is NotFound, never a hint it exists."""
    booking = db.session.get(Booking, booking_id) if isinstance(booking_id, int) else None
    if booking is None or booking.person_key not in keys_of(person):
        raise NotFound(texts.BOOKING_UNKNOWN)
    return booking


def check_registration(person, service):
    """Refused unless the person has the registration the service needs (asked early by the chat, so
    nobody chooses a day and a time to be refused at the end)."""
    need = service.registration_needed
    if need == "none":
        return
    veteran = person.veteran
    if veteran is None or veteran.state not in ("submitted", "approved"):
        raise DomainError(texts.NEEDS_REGISTRATION.format(service=service.name), field="service_id")
    if need == "approved" and veteran.state != "approved":
        raise DomainError(texts.NEEDS_APPROVAL.format(service=service.name), field="service_id")


def _lock_person(person):
    """On PostgreSQL, one booking of a person at a time (the open limit and the one-a-day rule are
    read, then relied on); SQLite already holds its write lock."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": person.key})


def _check_same_day(person, schedule, starts_at, replacing=None):
    statement = select(Booking).where(
        Booking.person_key.in_(keys_of(person)),
        Booking.service_id == schedule.service_id,
        Booking.day == local_date(starts_at),
        Booking.state.in_(ACTIVE_STATES),
    )
    if replacing is not None:
        statement = statement.where(Booking.id != replacing.id)
    existing = db.session.execute(statement).scalars().first()
    if existing is not None:
        message = texts.ALREADY_BOOKED_DAY.format(
            service=schedule.service.name, time=when(existing.starts_at)
        )
        raise Conflict(message, field="start", booking_id=existing.id)


def _check_open_limit(person):
    limit = settings().open_bookings_limit
    count = db.session.execute(
        select(func.count()).where(
            Booking.person_key.in_(keys_of(person)), Booking.state == "booked", Booking.ends_at > utcnow()
        )
    ).scalar_one()
    if count >= limit:
        raise Conflict(texts.TOO_MANY_OPEN.format(limit=limit), field="start")


def _full(schedule, starts_at, by_staff):
    free = nearest_free(schedule, starts_at, for_staff=by_staff)
    if not free:
        return Conflict(texts.SLOT_FULL_NONE, field="start", nearest=[])
    times = texts.LIST_JOIN.join(when(slot.starts_at) for slot in free)
    return Conflict(
        texts.SLOT_FULL_OFFER.format(times=times),
        field="start",
        nearest=[slot.starts_at for slot in free],
    )


def leave_state(booking, from_state, **values):
    """Change a booking that is in `from_state`, as one conditional UPDATE: of two clerks (or a clerk and
    the sweep) acting on it at once, one changes it and the other is told it already changed."""
    changed = db.session.execute(
        update(Booking).where(Booking.id == booking.id, Booking.state == from_state).values(**values)
    ).rowcount
    db.session.refresh(booking)
    if changed != 1:
        raise InvalidState(texts.STATE_CHANGED.format(state=booking.state_name))


def _ensure_open(booking):
    if booking.state != "booked":
        raise InvalidState(texts.NOT_CANCELLABLE.format(state=booking.state_name))


def check_movable(booking):
    """Refused past the cut-off, and once the station no longer offers the service (switched off
    since it was booked): the booking stays as it is."""
    check_cutoff(booking)
    try:
        schedule_for(booking.service_id, booking.station_id, online=False)
    except DomainError:
        station, service = booking.station, booking.service
        phone = station.phone or texts.PHONE_UNKNOWN
        message = texts.MOVE_NOT_OFFERED.format(station=station.name, service=service.name, phone=phone)
        raise InvalidState(message) from None


def check_cutoff(booking):
    """Refused once the schedule's cut-off before the booking has passed (the station's phone named)."""
    hours = booking.schedule.cutoff_hours
    if utcnow() > booking.starts_at - timedelta(hours=hours):
        phone = booking.station.phone or texts.PHONE_UNKNOWN
        raise InvalidState(texts.PAST_CUTOFF.format(hours=hours, phone=phone), field="start")
