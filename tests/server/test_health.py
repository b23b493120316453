import json
import logging

from server import create_app


def test_healthz_reports_db_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"db": "ok", "redis": "ok"}


def test_healthz_is_503_when_redis_is_down(settings):
    app = create_app(settings.replace(redis_url="redis://127.0.0.1:1/0"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"db": "ok", "redis": "down"}


def test_healthz_is_503_when_the_database_is_down(settings):
    app = create_app(settings.replace(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["db"] == "down"


def test_one_structured_line_per_request_with_the_openid_hashed(client, push, caplog):
    caplog.set_level(logging.INFO, logger="server.requests")
    query, body = push.sign(push.text("oLogged123", "帮助"))
    client.post("/wechat", query_string=query, data=body)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "server.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/wechat", 200)
    assert isinstance(line["ms"], float)
    assert line["openid"] and "oLogged123" not in json.dumps(line)


def test_unknown_paths_get_a_json_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.json["error"]["code"] == 404
