"""WeChat going away in the middle of a test: every connection refused, as when its API is down."""

import dataclasses

import pytest

from server.gateway import Gateway

CLOSED = "http://127.0.0.1:1/"  # nothing listens on port 1: every call is refused at once


class WeChatOutage:
    """`stop()`: from then on the app's calls to WeChat are refused (a token already cached stays
    cached); `start()`: WeChat (the sandbox) answers again."""

    def __init__(self, app):
        self.app = app
        self.config = app.extensions["settings"]

    def stop(self):
        closed = dataclasses.replace(self.config, wechat_api_base=CLOSED)
        self.app.extensions["gateway"] = Gateway(closed, self.app.extensions["redis"])

    def start(self):
        self.app.extensions["gateway"] = Gateway(self.config, self.app.extensions["redis"])


@pytest.fixture
def wechat_outage(app):
    outage = WeChatOutage(app)
    yield outage
    outage.start()
