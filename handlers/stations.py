"""Station QR codes (scene `st:<code>`) and the 联系我们 menu item."""

from handlers import texts
from handlers.router import router
from menus import MenuKey
from models.types import utcnow
from server.operations.core.calendar import WorkingCalendar
from server.operations.messaging.followers import bind_station
from server.operations.network.stations import day_status, station_by_code
from server.timezone import local_date


@router.scene("st")
def scanned_station_code(code, msg, ctx):
    station = station_by_code(code)
    if station is None or not station.active:
        return texts.STATION_UNKNOWN
    bind_station(ctx.openid, station)
    return texts.STATION_BOUND.format(name=station.name) + "\n" + station_card(station)


@router.click(MenuKey.CONTACT)
def contact_us(msg, ctx):
    station = ctx.follower.station if ctx.follower else None
    if station is None:
        return texts.CONTACT_NO_STATION
    lines = [station_card(station)]
    parent = station.parent
    if parent is not None:
        lines.append(texts.CONTACT_PARENT.format(name=parent.name, phone=parent.phone or "—"))
    return "\n\n".join(lines)


def station_card(station):
    """Name, address, phone, hours and today's status, as the chat shows them."""
    today = local_date(utcnow())
    status = day_status(station, today, WorkingCalendar.load())
    today_line = (
        texts.STATION_OPEN_TODAY if status.open else texts.STATION_CLOSED_TODAY.format(reason=status.reason)
    )
    return texts.STATION_CARD.format(
        name=station.name,
        address=station.address or "—",
        phone=station.phone or "—",
        hours=station.hours or texts.STATION_HOURS_UNKNOWN,
        today=today_line,
    )
