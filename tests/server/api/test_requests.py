import io
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlalchemy import select

from models import Attachment, RequestCategory, ServiceRequest
from server import ratelimit
from server.operations.core.audit import Actor
from server.operations.service_requests.attachments import SIZE_LIMITS
from server.operations.service_requests.replies import add_note, reply_to_request
from server.operations.service_requests.states import move_request
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import start_registration, update_registration
from tests.server.api.support import error_of, form
from tests.support.veterans import values

CONTENT = "家里老人生病住院，医疗费用负担较重，需要帮扶"


@pytest.fixture
def village(network):
    return network.station("A1a")


@pytest.fixture
def registered(client, login, village):
    """Headers of a caller whose registration (at village A1a) was made in the mini-program."""
    headers = login()
    body = {"consent_version": PRIVACY_VERSION, **form(village.id)}
    assert client.put("/api/v1/profile", json=body, headers=headers).status_code == 201
    return headers


def category_id(db, name="困难帮扶"):
    return db.session.execute(select(RequestCategory.id).filter_by(name=name)).scalar_one()


def file(client, headers, category, content=CONTENT, **extra):
    body = {"category_id": category, "content": content, **extra}
    return client.post("/api/v1/requests", json=body, headers=headers)


def filed(client, headers, db, name="困难帮扶", **extra):
    response = file(client, headers, category_id(db, name), **extra)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def stored(db, number):
    return db.session.execute(select(ServiceRequest).filter_by(number=number)).scalar_one()


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(client, headers, number, data, name="photo.jpg", kind="image", content_type="image/jpeg"):
    fields = {"kind": kind, "file": (io.BytesIO(data), name, content_type)}
    return client.post(
        f"/api/v1/requests/{number}/attachments",
        data=fields,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_request_categories_are_public_with_their_track_and_deadlines(client, db):
    response = client.get("/api/v1/request-categories")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.get_json()["items"]}
    assert items["困难帮扶"]["track"] == "service" and items["困难帮扶"]["track_name"] == "服务诉求"
    assert items["信访/投诉"]["track"] == "petition" and items["信访/投诉"]["resolution_days"] >= 1
    assert set(items["困难帮扶"]) == {
        "id",
        "name",
        "track",
        "track_name",
        "first_response_days",
        "resolution_days",
    }


def test_a_filed_request_is_listed_and_read_with_its_public_timeline_only(client, registered, db, network):
    created = filed(client, registered, db, title="申请困难帮扶")
    assert created["number"].startswith(f"{date.today().year}-")
    assert (created["state"], created["state_name"], created["title"]) == (
        "pending",
        "待处理",
        "申请困难帮扶",
    )
    assert created["station"]["name"] == "甲一甲村站" and created["channel"] == "miniapp"
    assert datetime.fromisoformat(created["created_at"]).utcoffset() is not None
    assert date.fromisoformat(created["due_on"]) >= date.fromisoformat(created["respond_due_on"])

    request = stored(db, created["number"])
    clerk = network.staff("clerk_a1a")
    add_note(request, "内部备注：家属情绪激动，先电话联系", Actor.of(clerk))
    reply_to_request(request, "您好，我们已收到，将尽快上门了解情况。", Actor.of(clerk))
    db.session.commit()

    listed = client.get("/api/v1/requests", headers=registered).get_json()
    assert [item["number"] for item in listed["items"]] == [created["number"]]
    assert listed["items"][0]["state_name"] == "处理中" and listed["next_cursor"] is None
    response = client.get(f"/api/v1/requests/{created['number']}", headers=registered)
    detail, text = response.get_json(), response.get_data(as_text=True)
    assert "内部备注" not in text and "情绪激动" not in text
    assert clerk.name not in text and "clerk_a1a" not in text
    kinds = [event["kind"] for event in detail["timeline"]]
    assert "note" not in kinds and "assign" not in kinds
    reply = next(event for event in detail["timeline"] if event["kind"] == "reply")
    assert reply["actor"] == {"role": "staff", "name": "甲一甲村站"}
    assert reply["text"] == "您好，我们已收到，将尽快上门了解情况。"
    assert detail["timeline"][0]["kind"] == "filed" and detail["timeline"][0]["actor"]["role"] == "person"
    assert detail["content"] == CONTENT and detail["can"]["message"] and not detail["can"]["rate"]


def test_a_message_is_added_and_the_outcome_rated_once_after_the_station_resolves(client, registered, db):
    number = filed(client, registered, db)["number"]
    added = client.post(
        f"/api/v1/requests/{number}/messages", json={"text": "补充：已住院两周"}, headers=registered
    )
    assert added.status_code == 201
    assert added.get_json()["timeline"][-1]["text"] == "补充：已住院两周"
    early = client.post(f"/api/v1/requests/{number}/rating", json={"rating": "satisfied"}, headers=registered)
    assert early.status_code == 409 and error_of(early)["code"] == "invalid_state"

    move_request(stored(db, number), "resolve", Actor.system("x"), reason="已协调发放临时救助金")
    db.session.commit()
    detail = client.get(f"/api/v1/requests/{number}", headers=registered).get_json()
    assert detail["state_name"] == "已办结" and detail["can"]["rate"] and detail["resolved_at"]
    rated = client.post(
        f"/api/v1/requests/{number}/rating",
        json={"rating": "satisfied", "comment": "很及时"},
        headers=registered,
    )
    assert rated.status_code == 200
    body = rated.get_json()
    assert (body["rating"], body["rating_name"], body["rating_comment"]) == ("satisfied", "满意", "很及时")
    assert body["state"] == "closed" and not body["can"]["rate"]
    assert any(event["kind"] == "rating" and event["rating"] == "satisfied" for event in body["timeline"])
    again = client.post(f"/api/v1/requests/{number}/rating", json={"rating": "fair"}, headers=registered)
    assert again.status_code == 409


def test_a_rating_outside_the_three_choices_is_named(client, registered, db):
    number = filed(client, registered, db)["number"]
    move_request(stored(db, number), "resolve", Actor.system("x"), reason="已办结")
    db.session.commit()
    response = client.post(f"/api/v1/requests/{number}/rating", json={"rating": "great"}, headers=registered)
    assert response.status_code == 422 and "rating" in error_of(response)["fields"]


def test_an_open_request_is_withdrawn_once_and_then_takes_no_more(client, registered, db):
    number = filed(client, registered, db)["number"]
    withdrawn = client.post(
        f"/api/v1/requests/{number}/withdraw", json={"reason": "问题已自行解决"}, headers=registered
    )
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["state_name"] == "已撤回" and not withdrawn.get_json()["can"]["withdraw"]
    assert withdrawn.get_json()["timeline"][-1]["text"] == "问题已自行解决"
    for path, body in (("withdraw", None), ("messages", {"text": "还有一件事"})):
        response = client.post(f"/api/v1/requests/{number}/{path}", json=body, headers=registered)
        assert response.status_code == 409 and error_of(response)["code"] == "invalid_state"
    closed = upload(client, registered, number, jpeg())
    assert closed.status_code == 409


def test_withdrawing_needs_no_body(client, registered, db):
    number = filed(client, registered, db)["number"]
    response = client.post(f"/api/v1/requests/{number}/withdraw", headers=registered)
    assert response.status_code == 200 and response.get_json()["state"] == "withdrawn"


def test_someone_elses_request_is_not_found_whatever_is_asked(client, registered, login, db):
    number = filed(client, registered, db)["number"]
    attachment_id = upload(client, registered, number, jpeg()).get_json()["id"]
    stranger = login("oMini2")
    assert client.get("/api/v1/requests", headers=stranger).get_json()["items"] == []
    calls = [
        ("GET", f"/api/v1/requests/{number}", None),
        ("GET", f"/api/v1/requests/{number}/attachments/{attachment_id}", None),
        ("POST", f"/api/v1/requests/{number}/messages", {"text": "冒充"}),
        ("POST", f"/api/v1/requests/{number}/withdraw", {}),
        ("POST", f"/api/v1/requests/{number}/rating", {"rating": "unsatisfied"}),
    ]
    for method, path, body in calls:
        response = client.open(path, method=method, json=body, headers=stranger)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found", path
    assert upload(client, stranger, number, jpeg()).status_code == 404
    assert stored(db, number).state == "pending"
    for malformed in ("nonsense", "2026-1", "%00"):
        assert client.get(f"/api/v1/requests/{malformed}", headers=registered).status_code == 404


def test_the_same_category_again_is_a_409_naming_the_open_request_until_allowed(client, registered, db):
    first = filed(client, registered, db)["number"]
    again = file(client, registered, category_id(db))
    assert again.status_code == 409
    body = again.get_json()["error"]
    assert body["code"] == "duplicate" and body["number"] == first and first in body["message"]
    allowed = filed(client, registered, db, allow_duplicate=True)
    assert allowed["number"] != first
    assert db.session.scalar(select(db.func.count(ServiceRequest.id))) == 2


def test_a_caller_without_a_registration_names_an_active_village(client, login, db, network):
    headers = login()
    missing = file(client, headers, category_id(db))
    assert missing.status_code == 422 and "station_id" in error_of(missing)["fields"]
    township = file(client, headers, category_id(db), station_id=network.station("A1").id)
    assert township.status_code == 422 and "station_id" in error_of(township)["fields"]
    created = filed(client, headers, db, station_id=network.station("B1a").id)
    assert created["station"]["name"] == "乙一甲村站"
    request = stored(db, created["number"])
    assert request.veteran_id is None and request.miniapp_openid == "oMini1_mp" and request.openid is None
    assert [r["number"] for r in client.get("/api/v1/requests", headers=headers).get_json()["items"]] == [
        created["number"]
    ]


def test_a_registration_made_in_the_chat_files_with_its_official_account_openid(client, login, db, village):
    chat = start_registration("chat", openid="oChat1", unionid="uSbxoChat1")
    update_registration(chat, values(village.id))
    db.session.commit()
    headers = login("oChat1")  # the sandbox gives this user the unionid uSbxoChat1
    created = filed(client, headers, db)
    request = stored(db, created["number"])
    assert (request.veteran_id, request.openid, request.person_name) == (chat.id, "oChat1", "张建国")
    assert created["station"]["name"] == "甲一甲村站"


def test_every_mistyped_or_unknown_field_is_named_and_nothing_is_filed(client, registered, db):
    body = {"category_id": "x", "content": 12, "allow_duplicate": "yes", "nickname": "老张"}
    response = client.post("/api/v1/requests", json=body, headers=registered)
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"category_id", "content", "allow_duplicate", "nickname"}
    assert "true 或 false" in fields["allow_duplicate"]
    short = file(client, registered, category_id(db), content="帮忙")
    assert short.status_code == 422 and "5-2000" in error_of(short)["fields"]["content"]
    unknown = file(client, registered, 99999)
    assert unknown.status_code == 422 and "category_id" in error_of(unknown)["fields"]
    required = client.post("/api/v1/requests", json={}, headers=registered)
    assert set(error_of(required)["fields"]) == {"category_id", "content"}
    assert client.post("/api/v1/requests", data="[1]", headers=registered).status_code == 400
    assert db.session.scalar(select(db.func.count(ServiceRequest.id))) == 0


def test_a_photo_is_uploaded_listed_and_given_back_only_to_its_owner(client, registered, db):
    number = filed(client, registered, db)["number"]
    photo = jpeg()
    response = upload(client, registered, number, photo)
    assert response.status_code == 201
    attachment = response.get_json()
    assert (attachment["kind"], attachment["state"], attachment["content_type"]) == (
        "image",
        "stored",
        "image/jpeg",
    )
    assert attachment["size"] == len(photo)
    detail = client.get(f"/api/v1/requests/{number}", headers=registered).get_json()
    assert [(a["id"], a["kind"], a["state"]) for a in detail["attachments"]] == [
        (attachment["id"], "image", "stored")
    ]
    assert any(
        e["kind"] == "attachment" and e["attachment_id"] == attachment["id"] for e in detail["timeline"]
    )
    download = client.get(f"/api/v1/requests/{number}/attachments/{attachment['id']}", headers=registered)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    assert download.data == photo and "no-store" in download.headers["Cache-Control"]
    missing = client.get(f"/api/v1/requests/{number}/attachments/{attachment['id'] + 1}", headers=registered)
    assert missing.status_code == 404


def test_a_program_named_as_a_photo_is_refused_with_the_reason(client, registered, db):
    number = filed(client, registered, db)["number"]
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
    response = upload(client, registered, number, program, name="photo.jpg")
    assert response.status_code == 422
    error = error_of(response)
    assert error["fields"] == {"file": "不支持这种图片格式"} and error["message"] == "不支持这种图片格式"
    assert db.session.scalars(select(Attachment)).all() == []


def test_an_upload_needs_multipart_a_file_and_a_known_kind(client, registered, db):
    number = filed(client, registered, db)["number"]
    as_json = client.post(
        f"/api/v1/requests/{number}/attachments", json={"kind": "image"}, headers=registered
    )
    assert as_json.status_code == 415 and error_of(as_json)["code"] == "unsupported_media_type"
    no_file = client.post(
        f"/api/v1/requests/{number}/attachments",
        data={"kind": "video"},
        headers=registered,
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422 and set(error_of(no_file)["fields"]) == {"file", "kind"}
    long_voice = upload(client, registered, number, b"#!AMR\n" + b"\x00" * SIZE_LIMITS["voice"], kind="voice")
    assert long_voice.status_code == 422 and "2MB" in error_of(long_voice)["fields"]["file"]


def test_an_upload_above_ten_megabytes_is_a_413_and_other_bodies_keep_their_limit(client, registered, db):
    number = filed(client, registered, db)["number"]
    largest = jpeg() + b"\x00" * (SIZE_LIMITS["image"] - len(jpeg()))
    assert upload(client, registered, number, largest).status_code == 201
    response = upload(client, registered, number, largest + b"\x00" * 100_000)
    assert response.status_code == 413 and error_of(response)["code"] == "payload_too_large"
    assert "10MB" in error_of(response)["message"]
    big_json = file(client, registered, category_id(db), content="帮" * 70_000)
    assert big_json.status_code == 413


def test_the_list_is_newest_first_in_pages(client, registered, db):
    numbers = [filed(client, registered, db, name)["number"] for name in ("困难帮扶", "就业创业", "政策咨询")]
    first = client.get("/api/v1/requests?limit=2", headers=registered).get_json()
    assert [item["number"] for item in first["items"]] == numbers[:0:-1]
    assert first["next_cursor"]
    second = client.get(
        f"/api/v1/requests?limit=2&cursor={first['next_cursor']}", headers=registered
    ).get_json()
    assert [item["number"] for item in second["items"]] == numbers[:1] and second["next_cursor"] is None
    for query in ("limit=0", "limit=51", "limit=x", "cursor=abc", f"cursor={2**64}"):
        response = client.get(f"/api/v1/requests?{query}", headers=registered)
        assert response.status_code == 400 and error_of(response)["fields"], query


def test_every_request_endpoint_needs_a_login(client):
    calls = [
        ("GET", "/api/v1/requests"),
        ("POST", "/api/v1/requests"),
        ("GET", "/api/v1/requests/2026-0000001"),
        ("POST", "/api/v1/requests/2026-0000001/messages"),
        ("POST", "/api/v1/requests/2026-0000001/withdraw"),
        ("POST", "/api/v1/requests/2026-0000001/rating"),
        ("POST", "/api/v1/requests/2026-0000001/attachments"),
        ("GET", "/api/v1/requests/2026-0000001/attachments/1"),
    ]
    for method, path in calls:
        response = client.open(path, method=method, headers={"Authorization": "Bearer nonsense"})
        assert response.status_code == 401 and error_of(response)["code"] == "invalid_token", path
        assert client.open(path, method=method).status_code == 401


@pytest.fixture
def clock(monkeypatch):
    """Hold the rate-limit window still, so a minute turning over mid-test cannot reset a count."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


def test_writes_are_rate_limited_per_session(clock, client, registered, db):
    number = filed(client, registered, db)["number"]
    statuses = [
        client.post(
            f"/api/v1/requests/{number}/messages", json={"text": f"补充{i}"}, headers=registered
        ).status_code
        for i in range(30)
    ]
    assert statuses == [201] * 28 + [429] * 2  # saving the profile and filing were the first two writes
    assert client.get(f"/api/v1/requests/{number}", headers=registered).status_code == 200
