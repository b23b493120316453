"""Every outgoing call to WeChat goes through the Gateway: one token, timeouts, error mapping."""

import time
from dataclasses import dataclass

from wechatpy.exceptions import WeChatClientException

from server.gateway.client import ApiClient
from server.gateway.errors import AlreadySent, Busy, GatewayError, error_for
from server.gateway.token import TokenStore

BUSY_PAUSES = (0.2, 1.0)  # WeChat's -1 "system busy": two more tries, then give up


@dataclass(frozen=True)
class MassSend:
    """A mass send WeChat took: its msg_id (the MASSSENDJOBFINISH event's MsgID). `repeated`: the
    clientmsgid had been sent within 24 hours, so nothing went out now and msg_id is that send's."""

    msg_id: int
    repeated: bool = False


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
                error = error_for(exc.errcode, exc.errmsg, _answer(exc))
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

    # Tags: at most 100 per account, 20 per follower
    def create_tag(self, name):
        """A new tag named `name` (≤ 30 characters, not taken): its id."""
        return int(self.call(self.official.tag.create, name)["id"])

    def list_tags(self):
        """The account's tags: [{"id", "name", "count"}]."""
        return self.call(self.official.tag.get)

    def delete_tag(self, tag_id):
        return self.call(self.official.tag.delete, tag_id)

    def tag_users(self, tag_id, openids):
        """Tag at most 50 followers in one call (callers batch). One of them already holding 20 tags
        refuses the whole call (LimitReached, 45059)."""
        return self.call(self.official.tag.tag_user, tag_id, list(openids))

    def untag_users(self, tag_id, openids):
        """Untag at most 50 followers in one call."""
        return self.call(self.official.tag.untag_user, tag_id, list(openids))

    # Mass sends: each follower gets at most 4 a month; WeChat filters the rest
    def upload_thumb(self, data):
        """A JPEG (≤ 64 KB) for a news article's cover: its thumb_media_id (temporary, 3 days)."""
        result = self.call(self.official.media.upload, "thumb", ("thumb.jpg", data, "image/jpeg"))
        return result.get("thumb_media_id") or result["media_id"]

    def upload_news(self, articles):
        """News (图文) for a mass send: 1-8 articles, each with `title`, `content` (HTML),
        `thumb_media_id`, and optionally `author`, `digest`, `content_source_url`. Its media_id."""
        return self.call(self.official.media.upload_articles, articles)["media_id"]

    def mass_send_text(self, content, *, clientmsgid, tag_id=None, openids=None, to_all=False):
        """Send `content` to a tag's followers, to 2-10,000 openids, or to all followers: a MassSend.
        The same `clientmsgid` within 24 hours sends nothing and answers the first send's msg_id, so
        after Unconfirmed (or a crash) the send is retried with the same clientmsgid, never a new one."""
        send = self.official.message.send_mass_text
        return self._mass(send, content, clientmsgid, tag_id, openids, to_all)

    def mass_send_news(self, media_id, *, clientmsgid, tag_id=None, openids=None, to_all=False):
        """Send the news `media_id` (from upload_news) like mass_send_text."""
        send = self.official.message.send_mass_article
        return self._mass(send, media_id, clientmsgid, tag_id, openids, to_all)

    def _mass(self, send, content, clientmsgid, tag_id, openids, to_all):
        if [tag_id is not None, openids is not None, to_all].count(True) != 1:
            raise ValueError("a mass send goes to a tag, an openid list or all followers: exactly one")
        audience = list(openids) if openids is not None else tag_id
        try:
            answer = self.call(send, content, audience, is_to_all=to_all, client_msg_id=clientmsgid)
        except AlreadySent as exc:
            return MassSend(int(exc.msg_id), repeated=True)
        return MassSend(int(answer["msg_id"]))

    # Mini-program
    def code_to_session(self, js_code):
        return self.call(self.miniapp.code_to_session, js_code)

    def send_subscribe(self, openid, template_id, values, page=None):
        """A subscribe message to the mini-program user `openid`, allowed once per tap on 允许 for
        `template_id` (else UserRefused, 43101). `values` maps keyword to text within its type's
        limit (thing ≤ 20 characters...): WeChat refuses longer ones (Refused, 47003), never cuts."""
        data = {keyword: {"value": value} for keyword, value in values.items()}
        return self.call(self.miniapp.wxa.send_subscribe_message, openid, template_id, data, page=page)


def _answer(exc):
    """WeChat's JSON answer inside a wechatpy exception, or None."""
    try:
        answer = exc.response.json()
    except (AttributeError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


__all__ = ["Gateway", "GatewayError", "MassSend"]
