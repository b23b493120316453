def test_stable_token_is_reused_until_forced(api):
    first = api.stable_token()
    assert first["expires_in"] > 7000
    assert api.stable_token()["access_token"] == first["access_token"]
    assert api.stable_token(force=True)["access_token"] != first["access_token"]


def test_wrong_secret_is_refused(api):
    assert api.stable_token(secret="wrong")["errcode"] == 40125
    response = api.get(
        "/cgi-bin/token", token=False, grant_type="client_credential", appid=api.appid, secret="wrong"
    ).json()
    assert response["errcode"] == 40001


def _token(api):
    return api.get(
        "/cgi-bin/token", token=False, grant_type="client_credential", appid=api.appid, secret=api.secret
    ).json()["access_token"]


def _menu_errcode(api, token):
    return api.get("/cgi-bin/menu/get", token=False, access_token=token).json()["errcode"]


def test_a_new_token_retires_the_old_one_after_five_minutes(api, wechat):
    old = _token(api)
    new = _token(api)
    assert _menu_errcode(api, old) == 46003  # still accepted (no menu yet)
    wechat.advance(301)
    assert _menu_errcode(api, old) == 40001
    assert _menu_errcode(api, new) == 46003


def test_tokens_expire_after_7200_seconds(api, wechat):
    token = _token(api)
    wechat.advance(7201)
    assert _menu_errcode(api, token) == 42001


def test_missing_or_unknown_tokens_are_refused(api):
    assert _menu_errcode(api, "") == 41001
    assert _menu_errcode(api, "made-up") == 40014


def test_the_daily_token_quota_is_enforced(api, wechat):
    for _ in range(2000):
        assert _token(api)
    over = api.get(
        "/cgi-bin/token", token=False, grant_type="client_credential", appid=api.appid, secret=api.secret
    ).json()
    assert over["errcode"] == 45009


def test_revoking_tokens_is_a_fault_tests_can_inject(api, wechat):
    token = api.token()
    wechat.revoke_tokens()
    assert _menu_errcode(api, token) == 40001
