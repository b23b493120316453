"""Every outgoing call to WeChat goes through the Gateway: one token, timeouts, error mapping."""

import time

from wechatpy.exceptions import WeChatClientException

from server.gateway.client import ApiClient
from server.gateway.errors import Busy, GatewayError, error_for
from server.gateway.token import TokenStore

BUSY_PAUSES = (0.2, 1.0)  # WeChat's -1 "system busy": two more tries, then give up


class Gateway:
    def __init__(self, config, redis):
        def client(appid, secret):
            tokens = TokenStore(redis, config.wechat_api_base, appid, secret, config.http_timeout)
            return ApiClient(appid, secret, config.wechat_api_base, tokens, config.http_timeout)

        self.official = client(config.wechat_appid, config.wechat_secret)
        self.miniapp = client(config.miniapp_appid, config.miniapp_secret)

    def call(self, method, *args, **kwargs):
        """Run a wechatpy client method, retrying 'busy', raising our exceptions (WeChat's errcode and
        errmsg only: nothing chained, as wechatpy's exceptions hold the request and its URL)."""
        for pause in (*BUSY_PAUSES, None):
            try:
                return method(*args, **kwargs)
            except WeChatClientException as exc:
                error = error_for(exc.errcode, exc.errmsg)
                if isinstance(error, Busy) and pause is not None:
                    time.sleep(pause)
                    continue
                raise error from None
        raise AssertionError("unreachable")

    # Official account
    def send_text(self, openid, content):
        return self.call(self.official.message.send_text, openid, content)

    def send_template(self, openid, template_id, values, page=None):
        """A template message; `values` maps keyword to text (already within WeChat's limits). With a
        `page`, tapping it opens that page of our mini-program."""
        data = {keyword: {"value": value} for keyword, value in values.items()}
        mini_program = {"appid": self.miniapp.appid, "pagepath": page} if page else None
        return self.call(
            self.official.message.send_template, openid, template_id, data, mini_program=mini_program
        )

    def user_info(self, openid):
        """A follower's info (`/cgi-bin/user/info`). Its `unionid` is there only when the official
        account and the mini-program are bound to one open-platform account."""
        return self.call(self.official.user.get, openid)

    def download_media(self, media_id):
        """A temporary media file the user sent (kept by WeChat for 3 days): (bytes, content type)."""
        response = self.call(self.official.media.download, media_id)
        return response.content, response.headers.get("Content-Type", "")

    def create_menu(self, menu):
        return self.call(self.official.menu.create, menu)

    def create_permanent_qr(self, scene):
        """A permanent parametric QR code for `scene` (1-64 characters): (ticket, the URL it encodes)."""
        result = self.call(
            self.official.qrcode.create,
            {
                "action_name": "QR_LIMIT_STR_SCENE",
                "action_info": {"scene": {"scene_str": scene}},
            },
        )
        return result["ticket"], result["url"]

    def create_temporary_qr(self, scene, seconds):
        """A temporary parametric QR code for `scene` that WeChat honours for `seconds` (≤ 30 days):
        (ticket, the URL it encodes). Temporary codes are unlimited in number, unlike permanent ones."""
        result = self.call(
            self.official.qrcode.create,
            {
                "expire_seconds": seconds,
                "action_name": "QR_STR_SCENE",
                "action_info": {"scene": {"scene_str": scene}},
            },
        )
        return result["ticket"], result["url"]

    # Mini-program
    def code_to_session(self, js_code):
        return self.call(self.miniapp.code_to_session, js_code)


__all__ = ["Gateway", "GatewayError"]
