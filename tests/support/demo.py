"""The demo `make run` seeds, with what its first weeks add, and the text a person sees on a page."""

from html.parser import HTMLParser

import pytest

from server.operations.core.audit import Actor
from server.operations.messaging.followers import bind_station, follow
from server.operations.network.stations import station_by_code
from server.operations.service_requests.attachments import upload_attachment
from server.operations.service_requests.canned_answers import save_canned_answer
from server.operations.service_requests.filing import Person, file_request
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.requests import category
from tests.support.veterans import values

VILLAGE = "330106001001"  # 西湖村, the demo clerk's
PNG = (  # a 1x1 picture, for an attachment
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


HIDDEN = ("script", "style", "code")


class VisibleText(HTMLParser):
    """The text a person sees, but for a file format's literal column names (in <code>): text outside
    script and style, and placeholders and titles."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in ("placeholder", "title") and value]

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def demo(app, db):
    """`flask seed demo`, then what the first weeks add: a registration from the chat, a follower, a
    request from the mini-program with a photo someone looked at, staff logged in and out."""
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    village = station_by_code(VILLAGE)
    follow("oDemoFollower")
    bind_station("oDemoFollower", village)
    veteran = start_registration("chat", openid="oDemoFollower")
    update_registration(veteran, values(village.id))
    submit_registration(veteran)
    request = file_request(
        Person(openid="oDemoFollower", name="张建国"), category("困难帮扶"), "想咨询一下临时救助怎么申请。",
        "miniapp", Actor.person("张建国"), station=village,
    )  # fmt: skip
    upload_attachment(request, "image", PNG, Actor.person("张建国"))
    save_canned_answer(None, {"title": "已收到", "body": "您好，已收到。"}, village, Actor.system("测试"))
    db.session.commit()
    return request
