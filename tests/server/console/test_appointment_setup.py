"""服务事项 and 预约设置 over HTTP: administrators keep the network's services; heads, supervisors and
administrators set each station's schedule in their scope and see the next days' slots."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry, Schedule, Service, db
from models.types import utcnow
from server.operations.appointments.slots import availability, day_label
from server.operations.core import calendar as working_calendar
from server.operations.core.calendar import set_calendar_year
from server.timezone import local_date
from tests.support.appointments import setup_appointments
from tests.support.network import csrf_token, login


@pytest.fixture
def appointments(network):
    return setup_appointments(network)


def token(client, url="/console/"):
    return csrf_token(client.get(url).get_data(as_text=True))


def log_in_as(client, username):
    client.post("/console/logout", data={"csrf_token": token(client)})
    assert login(client, username).status_code == 302


def service_form(csrf, **changes):
    form = {
        "csrf_token": csrf, "name": "退役金发放咨询", "minutes": "20", "materials": "身份证\n\n 退役证 \n",
        "levels": ["county", "township"], "registration_needed": "submitted", "online": "y", "active": "y",
        "sort": "5",
    }  # fmt: skip
    return form | changes


def test_an_administrator_adds_and_changes_a_service(client, network):
    login(client, "admin_c")
    response = client.post("/console/services/new", data=service_form(token(client, "/console/services/new")))
    assert response.status_code == 302
    service = db.session.scalars(select(Service).filter_by(name="退役金发放咨询")).one()
    assert (service.minutes, service.material_list, service.levels) == (
        20,
        ["身份证", "退役证"],
        ["county", "township"],
    )
    assert service.registration_needed == "submitted" and service.online and service.active
    listing = client.get("/console/services").get_data(as_text=True)
    assert "退役金发放咨询" in listing and "县区中心、乡镇街道站" in listing and "已提交登记即可" in listing
    url = f"/console/services/{service.id}"
    assert "退役证" in client.get(url).get_data(as_text=True)
    changed = service_form(token(client, url), levels=["village"], registration_needed="none")
    del changed["online"], changed["active"]
    assert client.post(url, data=changed).status_code == 302
    db.session.refresh(service)
    assert service.levels == ["village"] and not service.online and not service.active
    assert "仅现场和电话" in client.get("/console/services").get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).where(AuditEntry.action == "service.save")) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"levels": []}, "请至少选择一个办理层级"),
        ({"levels": ["galaxy"]}, "请选择办理层级"),
        ({"minutes": "1000"}, "办理时长应在5到480分钟之间"),
        ({"name": ""}, "请填写事项名称"),
        ({"registration_needed": "maybe"}, "请选择是否需要先登记建档"),
    ],
)
def test_a_service_refused_says_why_beside_its_field(client, network, changes, message):
    login(client, "admin_c")
    response = client.post("/console/services/new", data=service_form(token(client), **changes))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Service.id))) == 0


@pytest.mark.parametrize("username", ["admin_a", "head_a1", "supervisor_c"])
def test_services_are_kept_only_by_administrators_at_the_top(client, network, username):
    login(client, username)
    assert client.get("/console/services").status_code == 403
    assert client.post("/console/services/new", data=service_form(token(client))).status_code == 403


def test_a_head_sees_each_service_of_the_level_with_the_next_days_slots(client, appointments):
    login(client, "head_a1")
    station = appointments.network.station("A1")
    html = client.get(f"/console/stations/{station.id}/schedules").get_data(as_text=True)
    for name in ("政策咨询", "优待证办理", "困难帮扶申请"):
        assert name in html
    today = local_date(utcnow())
    days = availability(
        appointments.schedule("A1", "政策咨询"), today, today + timedelta(days=6), for_staff=True
    )
    if days:  # none in a week-long holiday
        first = days[0].slots[0]
        assert day_label(days[0].day) in html and f"{first.local_start:%H:%M} 余{first.remaining}" in html
    assert "<h1>预约设置 <small>甲一街道站</small></h1>" in client.get("/console/schedules").get_data(
        as_text=True
    )


def schedule_form(csrf, service_id, **changes):
    values = {
        "csrf_token": csrf, "active": "y", "hours": "", "slot_minutes": "20", "desks": "3", "held_back": "1",
        "notice": "hours", "notice_hours": "24", "window_days": "30", "cutoff_hours": "4",
    } | changes  # fmt: skip
    return {f"s{service_id}-{name}": value for name, value in values.items() if value is not None}


def test_a_head_sets_a_schedule(client, appointments):
    login(client, "head_a1")
    station, service = appointments.network.station("A1"), appointments.service("政策咨询")
    url = f"/console/stations/{station.id}/schedules/{service.id}"
    response = client.post(url, data=schedule_form(token(client), service.id))
    assert response.status_code == 302 and response.location.endswith(f"#service-{service.id}")
    schedule = appointments.schedule("A1", "政策咨询")
    db.session.refresh(schedule)
    assert (schedule.hours, schedule.slot_minutes, schedule.desks, schedule.held_back) == (None, 20, 3, 1)
    assert (schedule.notice_hours, schedule.window_days, schedule.cutoff_hours) == (24, 30, 4)
    data = schedule_form(token(client), service.id, notice="next_day", notice_hours="", active=None)
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(schedule)
    assert schedule.notice_hours is None and not schedule.active


def test_a_schedule_for_a_service_the_station_never_had_is_created(client, appointments):
    login(client, "head_a1")
    station, service = appointments.network.station("A1b"), appointments.service("政策咨询")
    url = f"/console/stations/{station.id}/schedules/{service.id}"
    assert client.post(url, data=schedule_form(token(client), service.id)).status_code == 302
    created = db.session.scalars(select(Schedule).filter_by(station_id=station.id)).one()
    assert created.service_id == service.id and created.desks == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_back": "4"}, "预留名额不能超过窗口数"),
        ({"notice_hours": ""}, "请填写需提前预约的小时数"),
        ({"hours": "9点到12点"}, "格式不正确"),
        ({"window_days": "365"}, "可提前预约的天数应在1到90之间"),
        ({"desks": ""}, "请填写窗口数"),
    ],
)
def test_a_schedule_refused_says_why_and_keeps_what_was_saved(client, appointments, changes, message):
    login(client, "head_a1")
    station, service = appointments.network.station("A1"), appointments.service("政策咨询")
    url = f"/console/stations/{station.id}/schedules/{service.id}"
    response = client.post(url, data=schedule_form(token(client), service.id, **changes))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert appointments.schedule("A1", "政策咨询").desks == 2


def test_schedules_stay_in_scope(client, appointments):
    network, service = appointments.network, appointments.service("政策咨询")
    login(client, "head_a1")
    assert client.get(f"/console/stations/{network.stations['A2']}/schedules").status_code == 404
    assert client.get(f"/console/schedules?station_id={network.stations['B1']}").status_code == 404
    moved = client.get(f"/console/schedules?station_id={network.stations['A1a']}")
    assert moved.status_code == 302 and moved.location.endswith(
        f"/stations/{network.stations['A1a']}/schedules"
    )
    not_offered = appointments.service("优待证办理")  # county and township only
    url = f"/console/stations/{network.stations['A1a']}/schedules/{not_offered.id}"
    assert client.post(url, data=schedule_form(token(client), not_offered.id)).status_code == 404
    log_in_as(client, "clerk_a1")
    assert client.get(f"/console/stations/{network.stations['A1']}/schedules").status_code == 403
    url = f"/console/stations/{network.stations['A1']}/schedules/{service.id}"
    assert client.post(url, data=schedule_form(token(client), service.id)).status_code == 403


def test_a_year_whose_holidays_are_not_entered_is_warned_of(client, appointments, monkeypatch):
    monkeypatch.setattr(working_calendar, "library_covers", lambda year: False)
    year = local_date(utcnow()).year
    login(client, "admin_c")
    html = client.get("/console/schedules").get_data(as_text=True)
    assert f"{year}年的法定节假日安排尚未录入" in html and "预约时段也按周一至周五安排" in html
    assert 'href="/console/calendar"' in html.split("<main", 1)[1]
    log_in_as(client, "head_a1")
    html = client.get("/console/schedules").get_data(as_text=True)
    assert f"{year}年的法定节假日安排尚未录入" in html and 'href="/console/calendar"' not in html
    for entered in range(year, year + 2):
        set_calendar_year(
            entered, [(local_date(utcnow()).replace(year=entered, month=1, day=1), False, "元旦")]
        )
    db.session.commit()
    assert "尚未录入" not in client.get("/console/schedules").get_data(as_text=True)
