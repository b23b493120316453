"""The access_token, shared by every worker through Redis and refreshed under one lock."""

import logging

import requests
from redis.exceptions import LockError

from server.gateway.errors import TokenError, error_for, no_answer

log = logging.getLogger(__name__)
MARGIN = 300  # refresh five minutes before WeChat's expiry


class TokenStore:
    """Caches the stable access_token in Redis; one process at a time fetches a new one."""

    def __init__(self, redis, api_base, appid, secret, timeout, http=None):
        self.redis = redis
        self.url = f"{api_base}cgi-bin/stable_token"
        self.appid = appid
        self.secret = secret
        self.timeout = timeout
        self.http = http or requests.Session()
        self.key = f"wechat:token:{appid}"

    def get(self):
        token = self.redis.get(self.key)
        return token.decode() if token else self.refresh(stale=None)

    def refresh(self, stale):
        """A token other than `stale`: the one another worker just cached, or a new one."""
        lock = self.redis.lock(
            f"{self.key}:lock", timeout=self.timeout * 3, blocking_timeout=self.timeout * 3
        )
        if not lock.acquire():
            raise TokenError(None, "timed out waiting for another worker to fetch the access_token")
        try:
            cached = self.redis.get(self.key)
            if cached and cached.decode() != stale:
                return cached.decode()
            token, expires_in = self._fetch()
            self.redis.set(self.key, token, ex=max(60, expires_in - MARGIN))
            return token
        finally:
            try:
                lock.release()
            except LockError:  # held past its timeout; the token is cached all the same
                log.warning("access_token lock expired before release")

    def _fetch(self):
        body = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self.secret,
            "force_refresh": False,
        }
        log.info("fetching access_token for %s", self.appid)
        try:
            response = self.http.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            # A token fetch sends nothing, so even a read timeout is plainly Unreachable.
            raise no_answer("post", self.url, type(exc).__name__) from None
        if data.get("errcode"):
            raise error_for(int(data["errcode"]), data.get("errmsg", ""))
        return data["access_token"], int(data.get("expires_in", 7200))
