import pytest
import requests


class WeChatApi:
    """Calls the sandbox's fake WeChat API directly, as any WeChat client would."""

    def __init__(self, base, appid, secret):
        self.base = base.rstrip("/")
        self.appid = appid
        self.secret = secret
        self.http = requests.Session()
        self._token = None

    def token(self):
        if self._token is None:
            self._token = self.stable_token()["access_token"]
        return self._token

    def stable_token(self, force=False, secret=None):
        body = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": secret or self.secret,
            "force_refresh": force,
        }
        return self.http.post(f"{self.base}/cgi-bin/stable_token", json=body, timeout=10).json()

    def get(self, path, token=True, **params):
        if token:
            params.setdefault("access_token", self.token())
        return self.http.get(f"{self.base}{path}", params=params, timeout=10)

    def post(self, path, body=None, token=True, **kwargs):
        params = {"access_token": self.token()} if token else {}
        params.update(kwargs.pop("params", {}))
        return self.http.post(f"{self.base}{path}", params=params, json=body, timeout=10, **kwargs).json()


@pytest.fixture
def api(wechat, settings):
    return WeChatApi(wechat.url, settings.wechat_appid, settings.wechat_secret)


@pytest.fixture
def miniapp_api(wechat, settings):
    return WeChatApi(wechat.url, settings.miniapp_appid, settings.miniapp_secret)
