"""Telling a person about their appointment or event sign-up, once each: a customer-service message
to an official-account follower inside the 48-hour window, else the template; a person who uses only
the mini-program gets a subscribe message, and only for a tap they gave (each tap allows one).

Every notice is a Notification row written in the same transaction as the change it tells of (a
reminder with its `reminded_at`), so a sweep run twice, or a worker killed midway, sends it once."""

from server.operations.appointments import texts
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.slots import nearest_free, when
from server.operations.messaging.notifications import notify
from server.operations.messaging.texts import TEMPLATE_TIME
from server.timezone import local

BOOKING_PAGE = "pages/bookings/detail?id={id}"
EVENT_PAGE = "pages/events/detail?id={id}"


def booked(booking):
    return _tell_booking(booking, "booking_confirmed", texts.BOOKED_NOTICE, texts.TEMPLATE_BOOKED)


def reminder(booking):
    return _tell_booking(
        booking, "booking_reminder", texts.REMINDER_NOTICE, texts.TEMPLATE_REMINDER, "miniapp_reminder"
    )


def cancelled_by_station(booking, offer=None):
    free = offer if offer is not None else nearest_free(booking.schedule, booking.starts_at)
    if free:
        offer_text = texts.OFFER_TIMES.format(
            times=texts.LIST_JOIN.join(when(slot.starts_at) for slot in free)
        )
    else:
        offer_text = texts.OFFER_NONE.format(phone=booking.station.phone or texts.PHONE_UNKNOWN)
    text = texts.STAFF_CANCELLED_NOTICE.format(
        time=when(booking.starts_at),
        station=booking.station.name,
        service=booking.service.name,
        reason=booking.cancel_reason,
        offer=offer_text,
    )
    return _send(booking, "booking_cancelled", text, texts.TEMPLATE_CANCELLED, _booking_values(booking))


def hold_started(booking, message):
    """The no-show that put the person on hold: why, until when, and how to reach the station."""
    return _send(booking, "booking_hold", message, texts.TEMPLATE_HOLD, _booking_values(booking))


def _tell_booking(booking, kind, template, status, subscribe_key="miniapp_appointment"):
    materials = booking.service.material_list
    text = template.format(
        service=booking.service.name,
        time=when(booking.starts_at),
        station=booking.station.name,
        address=booking.station.address or booking.station.name,
        materials=texts.MATERIALS_LINE.format(items=texts.LIST_JOIN.join(materials)) if materials else "",
        code=short_code_for("B", booking.id, booking.day),
        cutoff=booking.schedule.cutoff_hours,
    )
    return _send(booking, kind, text, status, _booking_values(booking), subscribe_key)


def _booking_values(booking):
    return {
        "thing1": booking.service.name,
        "time2": local(booking.starts_at).strftime(TEMPLATE_TIME),
        "thing3": booking.station.name,
    }


def _send(record, kind, text, status, values, subscribe_key="miniapp_appointment"):
    """One notice about a booking or a sign-up (`record`), by whichever channel reaches the person."""
    is_booking = record.__tablename__ == "booking"
    page = (BOOKING_PAGE if is_booking else EVENT_PAGE).format(id=record.id)
    values = {**values, "thing4": status}
    if record.openid:
        return notify(
            record.openid,
            kind,
            text,
            template_key="appointment" if is_booking else "event_signup",
            template_values=values,
            page=page,
            subject=record,
        )
    if record.miniapp_openid and subscribe_key in (record.subscribed or []):
        taps = list(record.subscribed)
        taps.remove(subscribe_key)  # one send per tap
        record.subscribed = taps
        return notify(
            None,
            kind,
            text,
            template_key=subscribe_key,
            template_values=values,
            page=page,
            subject=record,
            miniapp_openid=record.miniapp_openid,
        )
    return None  # booked by phone without WeChat, or no tap given: the station tells them itself


def event_values(signup):
    event = signup.event
    return {
        "thing1": event.title,
        "time2": local(event.starts_at).strftime(TEMPLATE_TIME),
        "thing3": event.place,
    }


def tell_signup(signup, kind, template, status, **extra):
    event = signup.event
    text = template.format(
        title=event.title,
        time=when(event.starts_at),
        place=event.place,
        code=short_code_for("E", signup.id, local(event.starts_at).date()),
        **extra,
    )
    return _send(signup, kind, text, status, event_values(signup))
