"""预约登记 over HTTP: staff book for someone who phoned or walked in, in places held back from online
booking too; the name and mobile are checked; a registered person is found by mobile or ID number."""

from sqlalchemy import select

from models import Booking, db
from server.operations.appointments import people
from server.operations.appointments.bookings import book_slot
from server.operations.core.audit import Actor
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from server.timezone import local
from tests.support.network import csrf_token, login
from tests.support.veterans import id_number, values


def registered(network, code, **overrides):
    veteran = start_registration("walkin")
    update_registration(veteran, values(network.station(code).id, **overrides))
    submit_registration(veteran)
    db.session.commit()
    return veteran


def new_url(appointments, slot, code="A1a", service="政策咨询", **more):
    station = appointments.network.station(code).id
    args = "".join(f"&{k}={v}" for k, v in more.items())
    day = local(slot.starts_at).date()
    service = appointments.services[service]
    return f"/console/appointments/new?station={station}&service={service}&day={day}{args}"


def test_a_walk_in_is_booked_into_the_place_held_back_from_online_booking(client, network, appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    schedule = appointments.schedule("A1a", "政策咨询")
    book_slot(people.on_chat("o-online"), schedule, slot.starts_at, "chat", Actor.person("o-online"))
    db.session.commit()
    assert slot.starts_at not in [s.starts_at for s in appointments.free_slots("A1a", "政策咨询")]
    login(client, "clerk_a1a")
    url = new_url(appointments, slot)
    page = client.get(url).get_data(as_text=True)
    assert f"{local(slot.starts_at):%H:%M}（余1）" in page
    data = {
        "csrf_token": csrf_token(page),
        "starts_at": slot.starts_at.isoformat(),
        "name": "赵铁柱",
        "mobile": "139 0000 3333",
        "channel": "walkin",
    }
    done = client.post(url, data=data, follow_redirects=True)
    assert "已为赵铁柱预约“政策咨询”" in done.get_data(as_text=True)
    booking = db.session.execute(select(Booking).filter_by(name="赵铁柱")).scalar_one()
    assert booking.channel == "walkin" and booking.held_place and booking.mobile == "13900003333"
    assert booking.booked_by_id == network.staff("clerk_a1a").id


def test_a_bad_mobile_or_name_is_refused_beside_the_field(client, network, appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    login(client, "clerk_a1a")
    url = new_url(appointments, slot)
    data = {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "starts_at": slot.starts_at.isoformat(),
        "name": "赵铁柱",
        "mobile": "12345",
        "channel": "phone",
    }
    page = client.post(url, data=data)
    assert page.status_code == 400 and "请输入11位大陆手机号码" in page.get_data(as_text=True)
    page = client.post(url, data=dict(data, mobile="13900003333", name="1"))
    assert page.status_code == 400 and "姓名应为2-30个汉字或字母" in page.get_data(as_text=True)
    page = client.post(url, data=dict(data, mobile="13900003333", channel="chat"))
    assert page.status_code == 400 and "请选择电话预约或现场预约" in page.get_data(as_text=True)
    assert db.session.execute(select(Booking)).first() is None


def test_the_same_person_twice_a_day_is_refused_with_the_reason(client, network, appointments):
    first, second = appointments.free_slots("A1a", "政策咨询")[:2]
    login(client, "clerk_a1a")
    url = new_url(appointments, first)
    data = {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "starts_at": first.starts_at.isoformat(),
        "name": "赵铁柱",
        "mobile": "13900003333",
        "channel": "phone",
    }
    assert client.post(url, data=data).status_code == 302
    page = client.post(url, data=dict(data, starts_at=second.starts_at.isoformat()))
    assert page.status_code == 409 and "同一事项每天只能预约一次" in page.get_data(as_text=True)


def test_a_registered_person_is_found_by_mobile_and_booked_on_their_record(client, network, appointments):
    veteran = registered(network, "A1a", mobile="13911112222", name="钱解放")
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    login(client, "clerk_a1a")
    page = client.get(new_url(appointments, slot, find="13911112222")).get_data(as_text=True)
    assert "钱解放" in page and "139****2222" in page
    page = client.get(new_url(appointments, slot, find=id_number())).get_data(as_text=True)
    assert "钱解放" in page
    page = client.get(new_url(appointments, slot, find="13911110000")).get_data(as_text=True)
    assert "钱解放" not in page and "没有找到" in page
    url = new_url(appointments, slot, veteran=veteran.id)
    page = client.get(url).get_data(as_text=True)
    assert 'value="钱解放"' in page
    data = {
        "csrf_token": csrf_token(page),
        "starts_at": slot.starts_at.isoformat(),
        "name": "钱解放",
        "mobile": "13911112222",
        "channel": "phone",
    }
    assert client.post(url, data=data).status_code == 302
    booking = db.session.execute(select(Booking)).scalar_one()
    assert booking.veteran_id == veteran.id and booking.person_key == f"v:{veteran.id}"


def test_scope_and_roles(client, network, appointments):
    slot = appointments.free_slots("A1a", "政策咨询")[0]
    login(client, "clerk_a2")
    assert client.get(new_url(appointments, slot)).status_code == 404
    client.post(
        "/console/logout", data={"csrf_token": csrf_token(client.get("/console/").get_data(as_text=True))}
    )
    login(client, "broadcaster_a1a")
    assert client.get(new_url(appointments, slot)).status_code == 403
