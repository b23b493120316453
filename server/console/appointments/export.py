"""预约台账: a station's bookings of a day or a date range as an XLSX file, streamed as it is read.
Names and masked mobiles, as on the day list; audited with the range and its count."""

from datetime import datetime, time, timedelta

from flask import request
from sqlalchemy import func, select

from models import Booking, Service, db
from models.appointment import BOOKING_STATE_NAMES, CHANNEL_NAMES
from server.console import bp, texts
from server.console.appointments.days import chosen_day, desk_station
from server.console.helpers import actor, send_ledger
from server.operations.core import audit
from server.operations.core.errors import DomainError
from server.operations.core.personal_data import mask_mobile
from server.timezone import LOCAL, local

LONGEST = 366  # days in one file


@bp.get("/appointments/export.xlsx")
def appointments_export():
    station = desk_station()
    first = chosen_day(request.args.get("from", "") or request.args.get("day", ""), "from")
    last = chosen_day(request.args.get("to", "") or first.isoformat(), "to")
    if last < first or (last - first).days >= LONGEST:
        raise DomainError(texts.EXPORT_RANGE.format(days=LONGEST), field="to")
    statement = _bookings(station, first, last)
    found = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    audit.record(
        actor(),
        "bookings.export",
        station_id=station.id,
        station=station.name,
        rows=found,
        filters={"from": first.isoformat(), "to": last.isoformat()},
    )
    db.session.commit()
    suffix = f"-{first:%Y%m%d}" + (f"-{last:%Y%m%d}" if last != first else "")
    return send_ledger(texts.BOOKINGS_LEDGER, texts.BOOKINGS_LEDGER_COLUMNS, _rows(statement), suffix)


def _bookings(station, first, last):
    start = datetime.combine(first, time(0), LOCAL)
    end = datetime.combine(last + timedelta(days=1), time(0), LOCAL)
    return (
        select(Booking, Service.name)
        .join(Service, Booking.service_id == Service.id)
        .where(Booking.station_id == station.id, Booking.starts_at >= start, Booking.starts_at < end)
        .order_by(Booking.starts_at, Booking.id)
    )


def _rows(statement):
    for booking, service in db.session.execute(statement):
        yield (
            local(booking.starts_at).strftime("%Y-%m-%d"),
            local(booking.starts_at).strftime("%H:%M"),
            service,
            booking.name or "",
            mask_mobile(booking.mobile),
            CHANNEL_NAMES[booking.channel],
            BOOKING_STATE_NAMES[booking.state],
            booking.cancel_reason or "" if booking.state == "cancelled" else "",
        )
