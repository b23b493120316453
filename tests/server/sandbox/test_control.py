import pytest

from server.sandbox.app import sandbox_push


def test_outbox_keeps_every_call_and_can_be_cleared(api, wechat):
    api.get("/cgi-bin/menu/get")
    paths = [e["path"] for e in wechat.outbox()]
    assert paths == ["/cgi-bin/stable_token", "/cgi-bin/menu/get"]
    wechat.clear_outbox()
    assert wechat.outbox() == []


def test_latency_and_error_rate_faults(api, wechat):
    import time

    api.token()
    wechat.faults(latency_ms=300)
    started = time.monotonic()
    api.get("/cgi-bin/menu/get")
    assert time.monotonic() - started >= 0.3
    wechat.faults(latency_ms=0, error_rate=1.0)
    assert api.get("/cgi-bin/menu/get").json()["errcode"] == -1
    wechat.clear_faults()
    assert api.get("/cgi-bin/menu/get").json()["errcode"] == 46003


def test_the_chat_shows_replies_and_what_the_app_sent(wechat, app_ctx):
    wechat.follow("oChat")
    app_ctx.extensions["gateway"].send_text("oChat", "您好，这是工作人员的回复")
    items = wechat._call("GET", "/users/oChat/chat")
    kinds = [(i["side"], i["kind"]) for i in items]
    assert kinds == [("out", "user"), ("in", "reply"), ("in", "custom")]
    assert items[-1]["text"] == "您好，这是工作人员的回复"
    assert wechat._call("GET", "/users/oChat/chat", params={"after": items[-1]["id"]}) == []


def test_the_sandbox_never_runs_in_production():
    import pytest

    from server.config import Config
    from server.sandbox.app import create_sandbox_app
    from tests.server.test_config import PRODUCTION

    with pytest.raises(RuntimeError):
        create_sandbox_app(Config.from_env(PRODUCTION), callback_url="http://x/wechat")


def test_users_can_be_created_with_a_chosen_openid_and_bad_ones_are_refused(wechat):
    import pytest
    import requests

    assert wechat.user("oChosen_001", "赵六") == "oChosen_001"
    with pytest.raises(requests.HTTPError):
        wechat.user("bad openid!", "x")


def test_an_uploaded_image_reaches_the_app_and_its_media_id_serves_the_same_bytes(wechat, app_ctx, db):
    import requests
    from sqlalchemy import select

    from models import InboundMessage
    from tests.support.sandbox import small_jpeg

    photo = small_jpeg()
    wechat.follow("oPhoto")
    response = requests.post(
        f"{wechat.url}/sandbox/api/users/oPhoto/image",
        files={"image": ("门牌.jpg", photo, "image/jpeg")},
        timeout=30,
    )
    result = response.json()
    sent = result["sent"]
    assert response.status_code == 200 and result["status"] == 200
    assert sent["MsgType"] == "image" and sent["FromUserName"] == "oPhoto" and result["reply"]
    db.session.rollback()
    received = db.session.scalars(select(InboundMessage).filter_by(openid="oPhoto", msg_type="image")).one()
    assert f"<MediaId><![CDATA[{sent['MediaId']}]]></MediaId>" in received.body
    content, content_type = app_ctx.extensions["gateway"].download_media(sent["MediaId"])
    assert content == photo and content_type == "image/jpeg"
    chat = wechat._call("GET", "/users/oPhoto/chat")
    shown = [(item["side"], item["kind"], item.get("text")) for item in chat]
    assert shown[-2:] == [("out", "user", "[image]"), ("in", "reply", result["reply"]["Content"])]


def test_an_image_upload_without_a_file_is_refused_and_sends_nothing(wechat):
    import requests

    response = requests.post(f"{wechat.url}/sandbox/api/users/oNoPhoto/image", data={}, timeout=30)
    assert response.status_code == 400
    assert wechat.outbox(kind="delivery") == []


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_the_sandbox_delivers_in_the_apps_message_mode(sandbox, wechat, configure, monkeypatch, mode):
    """The app refuses a plaintext delivery in safe mode and an encrypted one in plain mode."""
    monkeypatch.setitem(sandbox.extensions, "sandbox_push", sandbox_push(configure(wechat_message_mode=mode)))
    result = wechat.send("oModes", "text", content="帮助")
    assert result["status"] == 200
    assert "登记建档" in result["reply"]["Content"]


def test_followers_are_added_at_once_without_a_delivery(wechat):
    import pytest
    import requests

    assert wechat.add_followers(["oMany1", "oMany2"]) == {"following": 2}
    assert {u["openid"]: u["subscribed"] for u in wechat._call("GET", "/users")} == {
        "oMany1": True,
        "oMany2": True,
    }
    assert wechat.outbox(kind="delivery") == []
    with pytest.raises(requests.HTTPError):
        wechat.add_followers(["bad openid!"])


def test_a_configured_latency_delays_every_call_even_after_faults_are_cleared():
    import time

    from server.config import Config
    from server.sandbox.app import create_sandbox_app

    client = create_sandbox_app(
        Config.from_env({"APP_ENV": "test"}), callback_url=None, latency_ms=150
    ).test_client()
    client.put("/sandbox/api/faults", json={"latency_ms": 0})
    assert client.get("/sandbox/api/faults").json["latency_ms"] == 0
    client.delete("/sandbox/api/faults")
    client.post("/sandbox/api/reset")
    assert client.get("/sandbox/api/faults").json["latency_ms"] == 150
    started = time.monotonic()
    client.get("/cgi-bin/menu/get")
    assert time.monotonic() - started >= 0.15
