"""Redis stops in the middle of the day. What does not need it goes on: the console (login, home,
queue, a reply), the mini-program API (login, a profile write) and the chat (a text message); limits
let requests through, the queue counts its tabs itself, and a job that cannot be queued waits in the
database for the periodic sweep. No 5xx, and once Redis is back nothing is lost."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import InboundMessage, Notification
from server.jobs.notifications import resend_pending_notifications
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.sandbox.api.sns import issue_code
from tests.support.network import csrf_token, login
from tests.support.requests import file


@pytest.fixture
def filed(network, db):
    """A request from oOutage1, a follower who wrote within the last 48 hours."""
    request = file(network, openid="oOutage1")
    db.session.commit()
    return request.id


def test_the_console_answers_without_redis_and_the_reply_goes_out_once_it_is_back(
    client, filed, db, wechat, jobs, redis_outage
):
    wechat.follow("oOutage1")
    wechat.say("oOutage1", "你好")
    jobs.run()
    redis_outage.stop()
    assert login(client, "clerk_a1a").status_code == 302
    assert client.get("/console/").status_code == 200
    assert client.get("/console/requests").status_code == 200
    page = client.get(f"/console/requests/{filed}")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    reply = client.post(
        f"/console/requests/{filed}/reply", data={"csrf_token": token, "body": "已安排上门。"}
    )
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"/console/requests/{filed}")
    notification = db.session.scalars(select(Notification)).one()
    assert notification.state == "pending"

    redis_outage.start()
    notification.created_at -= timedelta(minutes=6)  # the sweep takes what has waited five minutes
    db.session.commit()
    resend_pending_notifications()
    jobs.run()
    sent = wechat.outbox(path="/cgi-bin/message/custom/send")
    assert [m["body"]["touser"] for m in sent] == ["oOutage1"]
    assert "已安排上门" in sent[0]["body"]["text"]["content"]


def test_the_mini_program_logs_in_and_writes_without_redis(client, sandbox, wechat, network, redis_outage):
    redis_outage.stop()
    with sandbox.app_context():
        code = issue_code("oOutageMini")
    response = client.post("/api/v1/auth/login", json={"code": code})
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
    written = client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, "name": "张建国"}, headers=headers
    )
    assert written.status_code == 201
    assert client.get("/api/v1/profile", headers=headers).get_json()["name"] == "张建国"


def test_a_chat_message_is_answered_without_redis(deliver, push, db, redis_outage):
    redis_outage.stop()
    response, reply = deliver(push.text("oOutageChat", "帮助"))
    assert response.status_code == 200
    assert "登记建档" in reply["Content"]
    assert db.session.scalars(select(InboundMessage.status)).all() == ["replied"]


def test_health_says_redis_is_down(client, redis_outage):
    redis_outage.stop()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json == {"db": "ok", "redis": "down"}


def test_what_needs_redis_says_so_with_a_503_and_changes_nothing(client, network, redis_outage):
    login(client, "head_a1")
    url = f"/console/stations/{network.station('A1').id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    redis_outage.stop()
    response = client.post(f"{url}/qrcodes", data={"csrf_token": token})
    assert response.status_code == 503 and "暂时无法使用，请稍后再试" in response.get_data(as_text=True)
