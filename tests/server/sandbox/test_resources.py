import io

from PIL import Image


def test_tags_and_batch_tagging_limits(api, wechat):
    for n in range(3):
        wechat.follow(f"oTag{n}")
    tag = api.post("/cgi-bin/tags/create", {"tag": {"name": "军休干部"}})["tag"]["id"]
    assert api.post("/cgi-bin/tags/create", {"tag": {"name": "军休干部"}})["errcode"] == 45157
    too_many = {"openid_list": [f"o{n}" for n in range(51)], "tagid": tag}
    assert api.post("/cgi-bin/tags/members/batchtagging", too_many)["errcode"] == 40032
    assert (
        api.post("/cgi-bin/tags/members/batchtagging", {"openid_list": ["oTag0", "oTag1"], "tagid": tag})[
            "errcode"
        ]
        == 0
    )
    assert api.post("/cgi-bin/user/tag/get", {"tagid": tag})["data"]["openid"] == ["oTag0", "oTag1"]
    assert api.get("/cgi-bin/user/info", openid="oTag0").json()["tagid_list"] == [tag]
    counts = {t["name"]: t["count"] for t in api.get("/cgi-bin/tags/get").json()["tags"]}
    assert counts == {"军休干部": 2}


def test_permanent_qrcode_png_and_scene_rules(api):
    created = api.post(
        "/cgi-bin/qrcode/create",
        {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": "st:330106"}}},
    )
    assert created["errcode"] == 0 and "expire_seconds" not in created
    png = api.get("/cgi-bin/showqrcode", token=False, ticket=created["ticket"])
    assert png.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size[0] > 100
    bad = api.post(
        "/cgi-bin/qrcode/create",
        {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": "x" * 65}}},
    )
    assert bad["errcode"] == 40053
    bad_id = api.post(
        "/cgi-bin/qrcode/create",
        {"action_name": "QR_LIMIT_SCENE", "action_info": {"scene": {"scene_id": 100001}}},
    )
    assert bad_id["errcode"] == 40053


def test_temporary_qrcodes_are_capped_at_30_days_and_expire(api, wechat):
    created = api.post(
        "/cgi-bin/qrcode/create",
        {
            "action_name": "QR_STR_SCENE",
            "expire_seconds": 10**8,
            "action_info": {"scene": {"scene_str": "checkin:1"}},
        },
    )
    assert created["expire_seconds"] == 30 * 24 * 3600
    wechat.advance(30 * 24 * 3600 + 1)
    assert api.get("/cgi-bin/showqrcode", token=False, ticket=created["ticket"]).json()["errcode"] == 40001


def test_media_upload_and_download(api):
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, format="JPEG")
    uploaded = api.post(
        "/cgi-bin/media/upload",
        params={"type": "image"},
        files={"media": ("p.jpg", image.getvalue(), "image/jpeg")},
    )
    assert uploaded["type"] == "image"
    fetched = api.get("/cgi-bin/media/get", media_id=uploaded["media_id"])
    assert fetched.content == image.getvalue()
    assert api.get("/cgi-bin/media/get", media_id="nope").json()["errcode"] == 40007


def test_jscode2session_codes_are_single_use_and_short_lived(miniapp_api, wechat):
    code = wechat._call("POST", "/miniapp/code", json={"openid": "oMini"})["code"]
    params = {"appid": miniapp_api.appid, "secret": miniapp_api.secret, "grant_type": "authorization_code"}
    first = miniapp_api.get("/sns/jscode2session", token=False, js_code=code, **params).json()
    assert first["openid"] and first["session_key"]
    again = miniapp_api.get("/sns/jscode2session", token=False, js_code=code, **params).json()
    assert again["errcode"] == 40029
    stale = wechat._call("POST", "/miniapp/code", json={"openid": "oMini"})["code"]
    wechat.advance(301)
    assert (
        miniapp_api.get("/sns/jscode2session", token=False, js_code=stale, **params).json()["errcode"]
        == 40029
    )


def test_menu_create_get_delete(api):
    menu = {"button": [{"type": "click", "name": "登记", "key": "REGISTER"}]}
    assert api.post("/cgi-bin/menu/create", menu)["errcode"] == 0
    assert api.get("/cgi-bin/menu/get").json()["menu"] == menu
    assert api.get("/cgi-bin/menu/delete").json()["errcode"] == 0
    assert api.get("/cgi-bin/menu/get").json()["errcode"] == 46003
