import pytest
from sqlalchemy import select

from models import AuditEntry, Veteran
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import start_registration, update_registration
from tests.server.api.support import error_of, form
from tests.support.veterans import FULL_WIDTH_ID_NUMBER, OLDER_VETERANS, REFUSED_ID_NUMBERS, id_number, values


@pytest.fixture
def village(network):
    return network.station("A1a")


def test_a_draft_is_created_with_consent_submitted_and_read_back_masked(client, login, village):
    headers = login()
    assert error_of(client.get("/api/v1/profile", headers=headers))["code"] == "no_profile"
    created = client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, **form(village.id)}, headers=headers
    )
    assert created.status_code == 201
    assert created.get_json()["state"] == "draft" and created.get_json()["missing_fields"] == []
    submitted = client.post("/api/v1/profile/submit", headers=headers)
    assert submitted.status_code == 200 and submitted.get_json()["state_name"] == "待审核"
    read = client.get("/api/v1/profile", headers=headers)
    profile, text = read.get_json(), read.get_data(as_text=True)
    assert id_number() not in text and "13800138000" not in text and "甲一甲村1号" not in text
    assert profile["id_number"] == "110105********" + id_number()[-4:]
    assert profile["mobile"] == "138****8000" and profile["hukou_address"] == "浙江省杭州市****"
    assert profile["station"]["name"] == "甲一甲村站" and profile["category"]["name"] == "退役士兵"
    assert profile["consent"]["version"] == PRIVACY_VERSION and profile["sex"] == "M"


def test_the_first_save_asks_for_consent_to_the_current_notice(client, login, db):
    headers = login()
    for body in ({"name": "张建国"}, {"consent_version": "2020-01", "name": "张建国"}):
        response = client.put("/api/v1/profile", json=body, headers=headers)
        error = error_of(response)
        assert response.status_code == 400 and error["code"] == "consent_required"
        assert PRIVACY_VERSION in error["message"] and "consent_version" in error["fields"]
    assert db.session.scalars(select(Veteran)).all() == []


def test_every_bad_field_is_named_and_nothing_is_saved(client, login, village, db):
    headers = login()
    wrong_check_digit = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
    body = {
        "consent_version": PRIVACY_VERSION,
        "id_number": wrong_check_digit,
        "mobile": "12345",
        "category_id": [1],
        "nickname": "老张",
    }
    response = client.put("/api/v1/profile", json=body, headers=headers)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"id_number", "mobile", "category_id", "nickname"}
    assert "校验码" in error["fields"]["id_number"] and "手机号" in error["fields"]["mobile"]
    assert db.session.scalars(select(Veteran)).all() == []


def test_a_discharge_before_enlistment_is_named(client, login, village):
    headers = login()
    body = form(village.id, enlisted_on="2005-01-01", discharged_on="2004-01-01")
    response = client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, **body}, headers=headers
    )
    assert response.status_code == 422
    assert "晚于入伍日期" in error_of(response)["fields"]["discharged_on"]


def test_an_incomplete_draft_cannot_be_submitted(client, login):
    headers = login()
    client.put("/api/v1/profile", json={"consent_version": PRIVACY_VERSION, "name": "李四"}, headers=headers)
    response = client.post("/api/v1/profile/submit", headers=headers)
    assert response.status_code == 422
    assert {"id_number", "mobile", "station_id"} <= set(error_of(response)["fields"])
    missing = client.get("/api/v1/profile", headers=headers).get_json()["missing_fields"]
    assert {"field": "mobile", "label": "手机号"} in missing


def test_a_submitted_registration_cannot_be_edited(client, login, village):
    headers = login()
    client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, **form(village.id)}, headers=headers
    )
    client.post("/api/v1/profile/submit", headers=headers)
    response = client.put("/api/v1/profile", json={"name": "王五"}, headers=headers)
    assert response.status_code == 409 and error_of(response)["code"] == "invalid_state"


def test_a_duplicate_id_number_is_refused_without_the_other_persons_data(client, login, village, db):
    other = start_registration("chat", openid="oSomeoneElse")
    update_registration(other, values(village.id, name="甲某某", mobile="13900139000"))
    db.session.commit()
    headers = login()
    body = {"consent_version": PRIVACY_VERSION, **form(village.id, name="乙某某", mobile="13700137000")}
    response = client.put("/api/v1/profile", json=body, headers=headers)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "已经登记过" in error_of(response)["fields"]["id_number"]
    assert "甲某某" not in text and "13900139000" not in text and "oSomeoneElse" not in text


def test_a_record_made_in_the_chat_is_found_by_unionid_and_linked(client, login, village, db):
    chat = start_registration("chat", openid="oChat1", unionid="uSbxoChat1")
    update_registration(chat, values(village.id))
    db.session.commit()
    headers = login("oChat1")  # the sandbox gives this user the unionid uSbxoChat1
    profile = client.get("/api/v1/profile", headers=headers).get_json()
    assert profile["id"] == chat.id and profile["name"] == "张建国"
    assert db.session.get(Veteran, chat.id).miniapp_openid == "oChat1_mp"
    assert client.put("/api/v1/profile", json={"name": "张建军"}, headers=headers).status_code == 200
    assert db.session.scalars(select(Veteran)).one().name == "张建军"


def test_withdrawing_consent_stops_submission(client, login, village, db):
    headers = login()
    client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, **form(village.id)}, headers=headers
    )
    withdrawn = client.post("/api/v1/profile/consent/withdraw", headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["consent"]["withdrawn_at"]
    response = client.post("/api/v1/profile/submit", headers=headers)
    assert response.status_code == 409 and "同意" in error_of(response)["message"]
    assert db.session.scalars(select(AuditEntry).filter_by(action="veteran.consent.withdraw")).one()


def test_a_deletion_request_is_recorded_for_the_station(client, login, village, db):
    headers = login()
    client.put(
        "/api/v1/profile", json={"consent_version": PRIVACY_VERSION, **form(village.id)}, headers=headers
    )
    response = client.post("/api/v1/profile/deletion-request", headers=headers)
    assert response.status_code == 202 and response.get_json()["deletion_requested_at"]
    assert db.session.scalars(select(Veteran)).one().deletion_requested_at is not None
    assert db.session.scalars(select(AuditEntry).filter_by(action="veteran.deletion.request")).one()


def test_privacy_actions_need_a_registration(client, login):
    headers = login()
    for path in (
        "/api/v1/profile/submit",
        "/api/v1/profile/consent/withdraw",
        "/api/v1/profile/deletion-request",
    ):
        response = client.post(path, headers=headers)
        assert response.status_code == 404 and error_of(response)["code"] == "no_profile"


def test_older_veterans_id_numbers_are_accepted_and_wrong_ones_refused(client, login, village, db):
    headers = login()
    body = {"consent_version": PRIVACY_VERSION, "name": "王建国"}
    assert client.put("/api/v1/profile", json=body, headers=headers).status_code == 201
    for number in OLDER_VETERANS:
        response = client.put("/api/v1/profile", json={"id_number": number}, headers=headers)
        assert response.status_code == 200, (number, response.get_json())
        assert response.get_json()["id_number"] == f"{number[:6]}********{number[-4:]}"
    response = client.put("/api/v1/profile", json={"id_number": FULL_WIDTH_ID_NUMBER}, headers=headers)
    assert response.get_json()["id_number"] == "330110********004X"
    for number, reason in REFUSED_ID_NUMBERS:
        response = client.put("/api/v1/profile", json={"id_number": number}, headers=headers)
        assert response.status_code == 422 and reason in error_of(response)["fields"]["id_number"], number
    assert db.session.scalars(select(Veteran.id_number)).one() == "33011019571120004X"
