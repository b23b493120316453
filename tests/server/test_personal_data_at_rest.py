"""ID numbers and mobiles typed into free text: a request filed in chat (its draft in the dialog) and
in the mini-program, a staff reply. A copy of the database and a Redis dump show neither; staff see
them masked until they ask (an audit entry); the person sees their own whole, in chat and the API."""

import re

from sqlalchemy import select

from menus import MenuKey
from models import AuditEntry, ServiceRequest
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.sandbox.api.sns import issue_code
from tests.server.api.support import form
from tests.support.at_rest import places_holding
from tests.support.network import csrf_token, login
from tests.support.requests import category, file
from tests.support.veterans import id_number

CHAT_ID = id_number(birth="19790512", serial=33)
CHAT_MOBILE = "13912345678"
API_ID = id_number(birth="19850817", serial=42)
API_MOBILE = "18657100001"
REPLY_MOBILE = "15057112345"
SECRETS = (CHAT_ID, CHAT_MOBILE, API_ID, API_MOBILE, REPLY_MOBILE)
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def file_in_chat(wechat, redis, db):
    wechat.follow("oPrivate1", scene="st:A1a")
    wechat.click("oPrivate1", MenuKey.FILE_REQUEST)
    wechat.say("oPrivate1", "1")
    assert "已记录" in wechat.say("oPrivate1", f"房屋漏雨请上门，身份证{CHAT_ID}，电话{CHAT_MOBILE}")
    assert places_holding(db, redis, *SECRETS) == []  # the draft in the dialog is encrypted
    wechat.say("oPrivate1", "完成")
    wechat.say("oPrivate1", "提交")
    return db.session.scalars(select(ServiceRequest).filter_by(openid="oPrivate1")).one()


def file_in_mini_program(client, sandbox, network):
    with sandbox.app_context():
        code = issue_code("oPrivateMini")
    token = client.post("/api/v1/auth/login", json={"code": code}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    profile = {"consent_version": PRIVACY_VERSION, **form(network.station("A1a").id)}
    assert client.put("/api/v1/profile", json=profile, headers=headers).status_code == 201
    content = f"身份证{API_ID.translate(WIDE)}，手机{API_MOBILE}，咨询就业补贴"
    body = {"category_id": category("就业创业").id, "content": content}
    filed = client.post("/api/v1/requests", json=body, headers=headers)
    assert filed.status_code == 201, filed.get_json()
    return filed.get_json()["number"], headers


def test_numbers_in_free_text_are_nowhere_at_rest_and_shown_whole_to_their_owners(
    client, wechat, sandbox, network, db, redis, jobs
):
    chat_request = file_in_chat(wechat, redis, db)
    assert (
        chat_request.content == f"房屋漏雨请上门，身份证{CHAT_ID[:6]}********{CHAT_ID[-4:]}，电话139****5678"
    )
    number, headers = file_in_mini_program(client, sandbox, network)

    assert login(client, "clerk_a1a").status_code == 302
    page = client.get(f"/console/requests/{chat_request.id}").get_data(as_text=True)
    assert "显示完整内容" in page and CHAT_MOBILE not in page and "139****5678" in page
    reply = {"csrf_token": csrf_token(page), "body": f"已安排人员上门，联系电话{REPLY_MOBILE}"}
    assert client.post(f"/console/requests/{chat_request.id}/reply", data=reply).status_code == 302
    jobs.run()

    # the person, in chat and in the mini-program: their own words and the reply, whole
    assert "1." in wechat.click("oPrivate1", MenuKey.MY_REQUESTS)
    detail = wechat.say("oPrivate1", "1")
    assert CHAT_ID in detail and CHAT_MOBILE in detail and REPLY_MOBILE in detail
    mine = client.get(f"/api/v1/requests/{number}", headers=headers).get_json()
    assert API_MOBILE in mine["content"] and API_ID.translate(WIDE) in mine["content"]
    assert API_MOBILE in mine["timeline"][0]["text"]
    listed = client.get("/api/v1/requests", headers=headers).get_json()["items"]
    assert API_ID.translate(WIDE) in listed[0]["title"]

    assert places_holding(db, redis, *SECRETS) == []
    seen = places_holding(db, redis, "oPrivate1")  # what is stored in the clear is found
    assert "table follower" in seen and "redis dialog-trace:oPrivate1" in seen

    # staff: masked until asked, then whole, with an audit entry that holds no text
    page = client.get(f"/console/requests/{chat_request.id}").get_data(as_text=True)
    assert not any(secret in page for secret in SECRETS) and "150****2345" in page
    unmasked = client.post(
        f"/console/requests/{chat_request.id}/unmask", data={"csrf_token": csrf_token(page)}
    )
    shown = unmasked.get_data(as_text=True)
    assert unmasked.status_code == 200 and all(s in shown for s in (CHAT_ID, CHAT_MOBILE, REPLY_MOBILE))
    assert "完整内容的查看已记入审计日志" in shown
    entry = db.session.scalars(select(AuditEntry).filter_by(action="request.unmask")).one()
    assert (entry.target_id, entry.detail["number"]) == (str(chat_request.id), chat_request.number)
    assert places_holding(db, redis, *SECRETS) == []


def test_unmasking_needs_the_forms_token_and_the_request_in_scope(client, network, db):
    request = file(network, content=f"请联系我，电话{CHAT_MOBILE}", code="A1a")
    other = file(network, content=f"请联系我，电话{CHAT_MOBILE}", code="B1a", openid="oReq2")
    db.session.commit()
    login(client, "clerk_a1a")
    token = csrf_token(client.get(f"/console/requests/{request.id}").get_data(as_text=True))
    assert client.post(f"/console/requests/{request.id}/unmask").status_code == 400
    assert client.post(f"/console/requests/{other.id}/unmask", data={"csrf_token": token}).status_code == 404
    assert db.session.scalars(select(AuditEntry).filter_by(action="request.unmask")).all() == []


def test_staff_search_finds_the_rest_of_the_text(client, network, db):
    request = file(network, content=f"低保复核进度查询，电话{CHAT_MOBILE}", code="A1a")
    db.session.commit()
    login(client, "clerk_a1a")
    found = client.get("/console/requests", query_string={"q": "低保复核", "view": "all"}).get_data(
        as_text=True
    )
    assert request.number in found
    assert re.search(r"139\*{4}5678", request.content)
