"""活动 over HTTP: publishing an event, its lists and waiting list, cancelling a sign-up or the event
(the people are told), the way to check-in at the door, and scope: another station's event is a 404,
and the broadcaster has no sign-up lists."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from models import EventSignup, Notification, StationEvent, VeteranCategory, db
from models.types import utcnow
from server.operations.appointments import people
from server.operations.appointments.checkin_codes import short_code_for
from server.operations.appointments.station_events import create_event, sign_up
from server.operations.core.audit import Actor
from server.timezone import LOCAL, local, local_date
from tests.support.network import csrf_token, login


def token(client, url="/console/"):
    return csrf_token(client.get(url).get_data(as_text=True))


def log_in_as(client, username):
    client.post("/console/logout", data={"csrf_token": token(client)})
    assert login(client, username).status_code == 302


def local_day(days, hour):
    return datetime.combine(local_date(utcnow()) + timedelta(days=days), time(hour), LOCAL)


def event_at(network, code, title="健康体检", capacity=2, days=5, waitlist=True):
    staff = network.staff("head_a1")
    starts = local_day(days, 9)
    event = create_event(
        network.station(code), Actor.of(staff), staff, kind="health_check", title=title, place="卫生院",
        capacity=capacity, waitlist=waitlist, starts_at=starts, ends_at=starts + timedelta(hours=3),
        signup_until=starts - timedelta(days=1),
    )  # fmt: skip
    db.session.commit()
    return event


def on_chat(n):
    return people.on_chat(f"o-signup-{n}")


def by_phone(n):
    return people.by_phone(f"报名人{n}", f"1380013800{n}")


def form_of_event(csrf, station_id, **changes):
    starts = local_day(10, 9)
    form = {
        "csrf_token": csrf, "station_id": str(station_id), "kind": "job_fair", "title": "退役军人专场招聘会",
        "place": "人力资源市场二楼", "description": "50家企业参加", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
        "ends_at": f"{starts + timedelta(hours=3):%Y-%m-%dT%H:%M}",
        "signup_until": f"{starts - timedelta(days=1):%Y-%m-%dT%H:%M}", "capacity": "100", "waitlist": "y",
    }  # fmt: skip
    return form | changes


def test_a_clerk_publishes_an_event_for_some_categories(client, network):
    login(client, "clerk_a1")
    category = db.session.scalars(select(VeteranCategory).order_by(VeteranCategory.sort)).first()
    data = form_of_event(
        token(client, "/console/events/new"), network.stations["A1a"], category_ids=[category.id]
    )
    response = client.post("/console/events/new", data=data)
    event = db.session.scalars(select(StationEvent)).one()
    assert response.status_code == 302 and response.location.endswith(f"/console/events/{event.id}")
    assert local(event.starts_at) == local_day(10, 9) and event.station_id == network.stations["A1a"]
    assert (event.capacity, event.waitlist, event.category_ids) == (100, True, [category.id])
    page = client.get(response.location).get_data(as_text=True)
    assert (
        "退役军人专场招聘会" in page and f"甲一甲村站辖区的{category.name}" in page and "已发布活动" in page
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": f"{local_day(9, 9):%Y-%m-%dT%H:%M}"}, "活动结束时间应晚于开始时间"),
        ({"starts_at": f"{local_day(-2, 9):%Y-%m-%dT%H:%M}", "ends_at": f"{local_day(-2, 12):%Y-%m-%dT%H:%M}",
          "signup_until": f"{local_day(-3, 9):%Y-%m-%dT%H:%M}"}, "活动开始时间不能早于现在"),
        ({"capacity": "0"}, "名额应为1到10000之间的整数"),
        ({"title": ""}, "请填写活动名称"),
        ({"starts_at": "下周一"}, "不是有效的日期与时间值"),
    ],
)  # fmt: skip
def test_an_event_refused_says_why(client, network, changes, message):
    login(client, "clerk_a1")
    response = client.post(
        "/console/events/new", data=form_of_event(token(client), network.stations["A1"], **changes)
    )
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(StationEvent.id))) == 0


def test_an_event_only_at_a_station_in_scope(client, network):
    login(client, "clerk_a1")
    response = client.post("/console/events/new", data=form_of_event(token(client), network.stations["A2"]))
    assert "请选择您管辖范围内的站点" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(StationEvent.id))) == 0


def test_the_list_shows_upcoming_events_first_with_places_and_the_waiting_list(client, network):
    event_at(network, "A1", "后面的活动", days=9)
    sooner = event_at(network, "A1a", "先到的活动", days=3)
    past = event_at(network, "A1", "过去的活动", days=2)
    past.starts_at, past.ends_at = local_day(-5, 9), local_day(-5, 12)
    for n in range(3):
        sign_up(by_phone(n), sooner, "phone")
    event_at(network, "A2", "隔壁的活动")
    db.session.commit()
    login(client, "clerk_a1")
    html = client.get("/console/events").get_data(as_text=True)
    assert html.index("先到的活动") < html.index("后面的活动") < html.index("过去的活动")
    assert "隔壁的活动" not in html
    row = html[html.index("先到的活动") : html.index("</tr>", html.index("先到的活动"))]
    assert "<td>2/2</td>" in row and "<td>1</td>" in row and "报名中" in row
    assert "已结束" in html[html.index("过去的活动") :]


def test_the_event_page_lists_sign_ups_and_the_waiting_list_in_order_with_masked_mobiles(client, network):
    event = event_at(network, "A1")
    for n in range(4):
        sign_up(by_phone(n), event, "phone")
    db.session.commit()
    login(client, "clerk_a1")
    html = client.get(f"/console/events/{event.id}").get_data(as_text=True)
    signed, waiting = html.split("候补名单", 1)
    assert signed.index("报名人0") < signed.index("报名人1") and "138****8000" in signed
    assert "13800138000" not in html
    assert (
        waiting.index("第1位") < waiting.index("报名人2") < waiting.index("第2位") < waiting.index("报名人3")
    )


def test_cancelling_a_sign_up_tells_the_person_and_moves_the_first_in_line_up(client, network):
    event = event_at(network, "A1")
    signups = [sign_up(on_chat(n), event, "chat") for n in range(3)]
    db.session.commit()
    login(client, "clerk_a1")
    url = f"/console/events/{event.id}/signups/{signups[0].id}/cancel"
    refused = client.post(url, data={"csrf_token": token(client), "reason": ""})
    assert refused.status_code == 400 and "请填写原因" in refused.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token(client), "reason": "本人电话告知不能参加"})
    assert response.status_code == 302
    states = [db.session.get(EventSignup, s.id).state for s in signups]
    assert states == ["cancelled", "signed_up", "signed_up"]
    told = db.session.scalars(
        select(Notification).filter_by(openid="o-signup-0", kind="event_signup_cancelled")
    )
    assert "本人电话告知不能参加" in told.one().text
    assert db.session.scalars(
        select(Notification).filter_by(openid="o-signup-2", kind="event_promoted")
    ).one()
    again = client.post(url, data={"csrf_token": token(client), "reason": "再次取消"})
    assert again.status_code == 400 and "该报名现为“已取消”，不能取消" in again.get_data(as_text=True)


def test_cancelling_the_event_tells_everyone_once(client, network):
    event = event_at(network, "A1", capacity=1)
    for n in range(2):
        sign_up(on_chat(n), event, "chat")
    db.session.commit()
    login(client, "clerk_a1")
    url = f"/console/events/{event.id}/cancel"
    assert client.post(url, data={"csrf_token": token(client), "reason": ""}).status_code == 400
    assert client.post(url, data={"csrf_token": token(client), "reason": "场地临时检修"}).status_code == 302
    assert db.session.get(StationEvent, event.id).cancelled
    told = db.session.scalars(select(Notification).filter_by(kind="event_cancelled")).all()
    assert sorted(n.openid for n in told) == ["o-signup-0", "o-signup-1"]
    assert all("场地临时检修" in n.text for n in told)
    listing = client.get("/console/events").get_data(as_text=True)
    assert "<td>—/1</td>" in listing and "已取消" in listing
    again = client.post(url, data={"csrf_token": token(client), "reason": "再说一次"})
    assert again.status_code == 400 and "该活动已取消" in again.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Notification.id)).filter_by(kind="event_cancelled")) == 2


def todays_event(network, title, n):
    """An event under way today, with one sign-up (made while sign-up was open)."""
    event = event_at(network, "A1", title)
    signup = sign_up(by_phone(n), event, "phone")
    start = datetime.combine(local_date(utcnow()), time(0, 1), LOCAL)
    event.starts_at, event.ends_at = start, start + timedelta(hours=23)
    db.session.commit()
    return event, signup


def test_the_event_page_leads_to_the_check_in_and_shows_who_came(client, network):
    event, signup = todays_event(network, "今天的活动", 1)
    _, elsewhere = todays_event(network, "同一天的另一个活动", 2)
    login(client, "clerk_a1")
    page = client.get(f"/console/events/{event.id}").get_data(as_text=True)
    assert 'href="/console/appointments/check-in"' in page
    code = short_code_for("E", signup.id, local_date(utcnow()))
    response = client.post("/console/appointments/check-in", data={"csrf_token": token(client), "code": code})
    assert response.status_code == 302 and db.session.get(EventSignup, signup.id).state == "attended"
    signed = client.get(f"/console/events/{event.id}").get_data(as_text=True).split("候补名单", 1)[0]
    assert "报名人1" in signed and "已签到" in signed
    assert db.session.get(EventSignup, elsewhere.id).state == "signed_up"


def test_another_stations_event_is_a_404_and_a_broadcaster_is_refused(client, network):
    sibling, own = event_at(network, "A2", "隔壁的活动"), event_at(network, "A1", "本站的活动")
    signup = sign_up(by_phone(1), sibling, "phone")
    db.session.commit()
    login(client, "supervisor_a1")
    csrf = token(client)
    for url in (
        f"/console/events/{sibling.id}",
        f"/console/events/{sibling.id}/cancel",
        f"/console/events/{sibling.id}/signups/{signup.id}/cancel",
    ):
        method = client.get if url.endswith(str(sibling.id)) else client.post
        response = method(url, data={"csrf_token": csrf, "reason": "试试", "code": "123456"})
        assert response.status_code == 404 and "隔壁的活动" not in response.get_data(as_text=True)
    other_county = event_at(network, "B1", "乙区的活动")
    assert client.get(f"/console/events/{other_county.id}").status_code == 404
    assert "乙区的活动" not in client.get("/console/events").get_data(as_text=True)
    mismatched = f"/console/events/{own.id}/signups/{signup.id}/cancel"
    assert client.post(mismatched, data={"csrf_token": csrf, "reason": "试试"}).status_code == 404
    assert db.session.get(EventSignup, signup.id).state == "signed_up" and not sibling.cancelled
    log_in_as(client, "broadcaster_a1")
    for url in ("/console/events", "/console/events/new", f"/console/events/{own.id}"):
        assert client.get(url).status_code == 403
    refused = client.post(
        f"/console/events/{own.id}/cancel", data={"csrf_token": token(client), "reason": "x"}
    )
    assert refused.status_code == 403
