"""wechatpy's client, pointed at WECHAT_API_BASE, with our token store and a single token retry."""

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from server.gateway.errors import TOKEN_ERRCODES, no_answer

REAL_BASE = "https://api.weixin.qq.com/"


class ApiClient(WeChatClient):
    """Every wechatpy API call goes through `_request`, so this is the one place for our rules:
    the configured base URL (the sandbox in development), a timeout on every call, the shared
    token, and one retry after a token error instead of wechatpy's unbounded recursion."""

    def __init__(self, appid, secret, api_base, tokens, timeout):
        super().__init__(appid, secret, timeout=timeout, auto_retry=False)
        self.api_base = api_base
        self.tokens = tokens

    @property
    def access_token(self):
        return self.tokens.get()

    def fetch_access_token(self):
        # wechatpy's own fetch would call the real /cgi-bin/token with no timeout.
        return {"access_token": self.tokens.refresh(stale=None)}

    def _request(self, method, url_or_endpoint, **kwargs):
        url = self._url(url_or_endpoint, kwargs.pop("api_base_url", None))
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        params = kwargs.setdefault("params", {})
        token = params.get("access_token") or self.access_token
        params["access_token"] = token
        try:
            return self._answered(method, url, **kwargs)
        except WeChatClientException as exc:
            if exc.errcode not in TOKEN_ERRCODES:
                raise
            params["access_token"] = self.tokens.refresh(stale=token)
            return self._answered(method, url, **kwargs)

    def _answered(self, method, url, **kwargs):
        """wechatpy's request; no answer or an HTTP error status raises Unreachable (or Unconfirmed)
        without the URL, and without chaining the exceptions that carry it."""
        try:
            return super()._request(method, url, **kwargs)
        except requests.RequestException as exc:
            raise no_answer(method, url, exc) from None
        except WeChatClientException as exc:
            if exc.errcode is not None:
                raise exc from None
            status = exc.response.status_code if exc.response is not None else "error"
            raise no_answer(method, url, f"HTTP {status}") from None

    def code_to_session(self, js_code):
        """Mini-program login (`sns/jscode2session`): authenticated by the secret, not a token."""
        params = {
            "appid": self.appid,
            "secret": self.secret,
            "js_code": js_code,
            "grant_type": "authorization_code",
        }
        url = self.api_base + "sns/jscode2session"
        try:
            response = self._http.get(url, params=params, timeout=self.timeout)
            response.raise_for_status()
        except requests.RequestException as exc:
            raise no_answer("get", url, exc) from None
        return self._handle_result(response)

    def _url(self, url_or_endpoint, api_base_url):
        if url_or_endpoint.startswith(("http://", "https://")):
            url = url_or_endpoint
        else:
            url = f"{api_base_url or self.API_BASE_URL}{url_or_endpoint}"
        if url.startswith(REAL_BASE):
            url = self.api_base + url[len(REAL_BASE) :]
        return url
