"""预约's day and week views and the printed list, over HTTP as staff use them: a station's bookings
by time with names and masked mobiles, the slots' places, scope (404) and roles (403)."""

from models import db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from tests.support.desk import staff_booking
from tests.support.network import login


def day_url(network, code, day, **args):
    query = "".join(f"&{k}={v}" for k, v in args.items())
    return f"/console/appointments?station={network.station(code).id}&day={day.isoformat()}{query}"


def test_the_day_lists_bookings_by_time_with_name_and_masked_mobile(client, network, appointments):
    first = staff_booking(appointments, name="王大山", mobile="13900001111", slot=1)
    second = staff_booking(appointments, name="李小河", mobile="13900002222", slot=0)
    login(client, "clerk_a1a")
    page = client.get(day_url(network, "A1a", first.day)).get_data(as_text=True)
    if first.day == second.day:
        assert page.index("李小河") < page.index("王大山")
    assert "139****1111" in page and "13900001111" not in page
    assert "电话" in page and "已预约" in page and "政策咨询" in page
    assert "每个时段 2 个号，其中 1 个留给现场和电话" in page


def test_the_service_filter_and_a_township_seeing_its_villages(client, network, appointments):
    booking = staff_booking(appointments, name="王大山")
    login(client, "clerk_a1")
    service = appointments.services["困难帮扶申请"]
    page = client.get(day_url(network, "A1a", booking.day, service=service)).get_data(as_text=True)
    assert "王大山" not in page and "当天没有预约" in page
    page = client.get(day_url(network, "A1a", booking.day)).get_data(as_text=True)
    assert "王大山" in page


def test_a_station_outside_the_scope_is_not_found_and_a_bad_day_is_refused(client, network, appointments):
    login(client, "clerk_a1a")
    assert client.get(f"/console/appointments?station={network.station('A1').id}").status_code == 404
    assert client.get(f"/console/appointments?station={network.station('A2a').id}").status_code == 404
    bad = client.get("/console/appointments?day=2026-13-40")
    assert bad.status_code == 400 and "格式不正确" in bad.get_data(as_text=True)
    assert client.get("/console/appointments?station=x").status_code == 400


def test_a_broadcaster_may_not_open_the_desk(client, network, appointments):
    login(client, "broadcaster_a1a")
    for url in ("/console/appointments", "/console/appointments/week", "/console/appointments/print"):
        assert client.get(url).status_code == 403


def test_the_week_counts_bookings_and_places_left_per_day_and_service(client, network, appointments):
    schedule = appointments.schedule("A1a", "政策咨询")
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    book_slot(people.on_chat("o-week"), schedule, slot.starts_at, "chat", Actor.person("o-week"))
    db.session.commit()
    login(client, "clerk_a1a")
    station = network.station("A1a").id
    page = client.get(f"/console/appointments/week?station={station}&day={slot.local_start.date()}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "已约 1" in text and "政策咨询" in text and "困难帮扶申请" in text
    assert "已约 0" in text


def test_the_printed_day_list(client, network, appointments):
    booking = staff_booking(appointments, name="王大山")
    login(client, "clerk_a1a")
    page = client.get(f"/console/appointments/print?station={booking.station_id}&day={booking.day}").get_data(
        as_text=True
    )
    assert "甲一甲村站 预约名单" in page and "王大山" in page and "139****1111" in page
    assert "共 1 人" in page and "data-print" in page
