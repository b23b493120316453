from datetime import timedelta

from sqlalchemy import text, update

from models import MiniappSession
from models.types import utcnow
from tests.server.api.support import error_of


def test_the_mini_program_logs_in_through_the_sandbox_and_gets_our_own_token(wechat, client, db):
    result = wechat._call("POST", "/miniapp/login", json={"openid": "oMini1"})
    assert result["status"] == 200 and set(result["response"]) == {"token", "expires_in"}
    assert result["response"]["expires_in"] == 7200
    headers = {"Authorization": f"Bearer {result['response']['token']}"}
    assert error_of(client.get("/api/v1/profile", headers=headers))["code"] == "no_profile"
    session = db.session.scalars(db.select(MiniappSession)).one()
    assert session.openid == "oMini1_mp" and session.unionid == "uSbxoMini1"


def test_a_code_already_used_is_refused(wechat, client):
    used = wechat._call("POST", "/miniapp/login", json={"openid": "oMini1"})["code"]
    response = client.post("/api/v1/auth/login", json={"code": used})
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "invalid_code" and "重新登录" in error["message"]


def test_a_fresh_code_logs_in_once(client, issue):
    code = issue("oMini2")
    assert client.post("/api/v1/auth/login", json={"code": code}).status_code == 200
    assert client.post("/api/v1/auth/login", json={"code": code}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"code": "never-issued"}).status_code == 401


def test_a_login_without_a_code_names_the_field(client):
    for body in ({}, {"code": ""}, {"code": 42}, {"code": "x" * 129}):
        response = client.post("/api/v1/auth/login", json=body)
        assert response.status_code == 400 and "code" in error_of(response)["fields"]


def test_wechat_refusing_our_credentials_is_a_502_not_a_crash(wechat, client, issue):
    wechat.faults(errcodes={"/sns/jscode2session": 40125})
    response = client.post("/api/v1/auth/login", json={"code": issue()})
    assert response.status_code == 502 and error_of(response)["code"] == "wechat_unavailable"


def test_session_key_is_stored_encrypted_and_never_answered(client, issue, login, db):
    response = client.post("/api/v1/auth/login", json={"code": issue("oMini3")})
    headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
    session = db.session.scalars(db.select(MiniappSession)).one()
    raw = db.session.execute(text("SELECT session_key FROM miniapp_session")).scalar_one()
    assert session.session_key and session.session_key not in raw
    answers = [
        response,
        client.put("/api/v1/profile", json={"consent_version": "2026-11"}, headers=headers),
        client.get("/api/v1/profile", headers=headers),
    ]
    for answer in answers:
        body = answer.get_data(as_text=True)
        assert session.session_key not in body and "session_key" not in body


def test_requests_without_a_live_token_are_401_json(client, login, db):
    headers = login()
    cases = {
        "missing": {},
        "not bearer": {"Authorization": headers["Authorization"].replace("Bearer", "Basic")},
        "garbage": {"Authorization": "Bearer not-a-token"},
        "tampered": {"Authorization": headers["Authorization"][:-2] + "xx"},
    }
    for name, bad in cases.items():
        response = client.get("/api/v1/profile", headers=bad)
        assert response.status_code == 401, name
        assert error_of(response)["code"] in ("unauthorized", "invalid_token"), name
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_session_is_refused(client, login, db):
    headers = login()
    db.session.execute(update(MiniappSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get("/api/v1/profile", headers=headers)
    assert response.status_code == 401 and error_of(response)["code"] == "invalid_token"


def test_logout_revokes_the_token(client, login, db):
    headers, other = login("oMini1"), login("oMini2")
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert db.session.scalars(db.select(MiniappSession).filter_by(openid="oMini1_mp")).one().revoked_at
    assert client.get("/api/v1/profile", headers=headers).status_code == 401
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 401
    assert client.get("/api/v1/profile", headers=other).status_code == 404
