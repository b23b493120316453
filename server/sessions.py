"""Flask's signed-cookie sessions, not opened for WeChat's callback."""

from flask.sessions import SecureCookieSessionInterface

WECHAT_CALLBACK = "/wechat"


class CookieSessions(SecureCookieSessionInterface):
    """The console's sessions as Flask keeps them. WeChat's servers never carry our cookie, so the
    callback starts from an empty session without building a signing serializer and reading cookies
    for it: that was about 5 % of the callback's CPU (docs/BENCHMARKS.md)."""

    def open_session(self, app, request):
        if request.path == WECHAT_CALLBACK:
            return self.session_class()
        return super().open_session(app, request)
