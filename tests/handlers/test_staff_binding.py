"""Binding a staff member's WeChat end to end: the console asks the sandbox for a temporary QR code,
the staff member scans it in the sandbox's chat, and the scan binds their openid."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry, Notification, Staff
from models.types import utcnow
from server.operations.messaging.staff_notices import notify_staff
from tests.support.network import csrf_token, login

BOUND = "已绑定，督办和提醒将通过本公众号发送给您"


def _bind_page(client):
    token = csrf_token(client.get("/console/me").get_data(as_text=True))
    response = client.post("/console/me/wechat/bind", data={"csrf_token": token})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _token_of(db, username):
    db.session.expire_all()
    return db.session.scalars(select(Staff.bind_token).filter_by(username=username)).one()


def _scan(wechat, openid, token):
    return wechat.send(openid, "event", event="SCAN", scene=f"staff:{token}")["reply"]["Content"]


@pytest.fixture
def supervisor(client, network):
    login(client, "supervisor_a")
    return network.staff("supervisor_a")


def test_the_console_shows_a_temporary_code_that_binds_on_scanning(client, db, wechat, supervisor):
    page = _bind_page(client)
    token = _token_of(db, "supervisor_a")
    assert 'src="data:image/png;base64,' in page and "仅可使用一次" in page
    [create] = wechat.outbox(path="/cgi-bin/qrcode/create")
    assert create["body"]["action_name"] == "QR_STR_SCENE" and create["body"]["expire_seconds"] == 600
    assert create["body"]["action_info"]["scene"]["scene_str"] == f"staff:{token}"
    wechat.follow("oSupervisor")
    reply = _scan(wechat, "oSupervisor", token)
    assert BOUND in reply and "supervisor@A" in reply
    staff = db.session.get(Staff, supervisor.id)
    assert (staff.openid, staff.bind_token, staff.bind_expires_at) == ("oSupervisor", None, None)
    entry = db.session.scalars(select(AuditEntry).filter_by(action="staff.wechat.bind")).one()
    assert entry.target_id == str(staff.id)
    assert "已绑定微信" in client.get("/console/me").get_data(as_text=True)


def test_a_code_works_once(client, db, wechat, supervisor):
    _bind_page(client)
    token = _token_of(db, "supervisor_a")
    wechat.follow("oOnce")
    _scan(wechat, "oOnce", token)
    wechat.follow("oStranger")
    assert "无效或已使用" in _scan(wechat, "oStranger", token)
    assert db.session.get(Staff, supervisor.id).openid == "oOnce"


def test_an_expired_code_is_refused_politely(client, db, wechat, supervisor):
    _bind_page(client)
    token = _token_of(db, "supervisor_a")
    staff = db.session.get(Staff, supervisor.id)
    staff.bind_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    wechat.follow("oLate")
    assert "已过期" in _scan(wechat, "oLate", token)
    assert db.session.get(Staff, supervisor.id).openid is None


def test_a_new_follower_scanning_is_welcomed_and_bound(client, db, wechat, supervisor):
    _bind_page(client)
    reply = wechat.follow("oNewcomer", scene=f"staff:{_token_of(db, 'supervisor_a')}")
    assert "欢迎关注" in reply and BOUND in reply
    assert db.session.get(Staff, supervisor.id).openid == "oNewcomer"


def test_a_wechat_bound_to_another_account_is_not_taken_over(client, db, wechat, network, supervisor):
    other = network.staff("head_a")
    other.openid = "oShared"
    db.session.commit()
    _bind_page(client)
    wechat.follow("oShared")
    assert "已绑定另一个工作人员账号" in _scan(wechat, "oShared", _token_of(db, "supervisor_a"))
    assert db.session.get(Staff, supervisor.id).openid is None


def test_an_unknown_code_is_explained(wechat, network):
    wechat.follow("oGuess")
    assert "无效或已使用" in _scan(wechat, "oGuess", "not-a-token")


def test_a_bound_supervisor_gets_notices_on_wechat_until_unbinding(client, db, wechat, supervisor):
    _bind_page(client)
    wechat.follow("oNotified")
    _scan(wechat, "oNotified", _token_of(db, "supervisor_a"))
    notify_staff(db.session.get(Staff, supervisor.id), None, "escalate", "诉求已超期，已督办至您处")
    db.session.commit()
    assert (
        db.session.scalars(select(Notification.openid).filter_by(kind="staff_escalate")).one() == "oNotified"
    )
    token = csrf_token(client.get("/console/me").get_data(as_text=True))
    assert client.post("/console/me/wechat/unbind", data={"csrf_token": token}).status_code == 302
    assert db.session.get(Staff, supervisor.id).openid is None
    assert db.session.scalars(select(AuditEntry).filter_by(action="staff.wechat.unbind")).one()


def test_unfollowing_the_account_unbinds_the_staff_member(client, db, wechat, supervisor):
    _bind_page(client)
    wechat.follow("oLeaving")
    _scan(wechat, "oLeaving", _token_of(db, "supervisor_a"))
    wechat.send("oLeaving", "event", event="unsubscribe")
    db.session.expire_all()
    assert db.session.get(Staff, supervisor.id).openid is None


def test_wechat_down_leaves_the_page_with_a_message(client, db, wechat, supervisor):
    wechat.faults(errcodes={"/cgi-bin/qrcode/create": 45009})
    token = csrf_token(client.get("/console/me").get_data(as_text=True))
    response = client.post("/console/me/wechat/bind", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200 and "暂时无法从微信获取二维码" in response.get_data(as_text=True)
    assert _token_of(db, "supervisor_a") is None
