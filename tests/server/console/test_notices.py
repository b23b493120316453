from sqlalchemy import select

from models import RequestCategory, StaffNotice
from server.operations.core.audit import Actor
from server.operations.messaging.staff_notices import notify_staff
from server.operations.service_requests.filing import Person, file_request
from tests.support.network import login


def _file(db, network, openid="oNotice"):
    category = db.session.execute(select(RequestCategory).filter_by(name="困难帮扶")).scalar_one()
    request = file_request(
        Person(openid=openid, name="王五"),
        category,
        "家里老人生病，需要帮扶",
        "chat",
        Actor.person("王五"),
        station=network.station("A1a"),
    )
    db.session.commit()
    return request  # assigned to clerk_a1a, who is told


def test_an_unread_notice_shows_in_the_header_and_on_home_until_the_page_is_seen(client, network, db):
    request = _file(db, network)
    login(client, "clerk_a1a")
    home = client.get("/console/").get_data(as_text=True)
    assert ">提醒(1)</a>" in home and "未读提醒" in home
    page = client.get("/console/notices").get_data(as_text=True)
    assert f"诉求{request.number}已指派给您" in page and "未读" in page
    assert f'href="/console/requests/{request.id}"' in page
    again = client.get("/console/notices").get_data(as_text=True)
    assert f"诉求{request.number}已指派给您" in again and "未读" not in again
    home = client.get("/console/").get_data(as_text=True)
    assert ">提醒</a>" in home and "未读提醒" not in home
    assert db.session.scalars(select(StaffNotice.read_at)).one() is not None


def test_notices_are_newest_first_and_only_ones_own(app, client, network, db):
    first = _file(db, network, openid="oFirst")
    clerk = network.staff("clerk_a1a")
    notify_staff(clerk, first, "escalate", "诉求已超期，已督办")
    notify_staff(network.staff("head_a1a"), first, "warn", "站长的提醒")
    db.session.commit()
    login(client, "clerk_a1a")
    page = client.get("/console/notices").get_data(as_text=True)
    assert page.index("诉求已超期，已督办") < page.index("已指派给您")
    assert "站长的提醒" not in page
    head = app.test_client()
    login(head, "head_a1a")
    assert ">提醒(1)</a>" in head.get("/console/").get_data(as_text=True)


def test_an_empty_list_says_so(client, network):
    login(client, "supervisor_c")
    assert "暂无提醒" in client.get("/console/notices").get_data(as_text=True)
