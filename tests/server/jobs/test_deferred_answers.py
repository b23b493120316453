"""A slow handler's answer goes out as a customer-service message once, even when WeChat answers
after our timeout (it delivered the message all the same): it is `unconfirmed`, never sent again."""

import time

from sqlalchemy import select

from handlers.router import Route, router
from models import InboundMessage

CUSTOM = "/cgi-bin/message/custom/send"


def test_a_deferred_answer_wechat_confirms_too_late_is_not_sent_twice(
    wechat, jobs, db, settings, monkeypatch
):
    monkeypatch.setitem(router.keywords, "慢查询", Route(lambda msg, ctx: "查好了", slow=True))
    wechat.follow("oSlow1")
    assert "已收到" in wechat.say("oSlow1", "慢查询")
    wechat.faults(timeout_paths=[CUSTOM], timeout_seconds=settings.http_timeout + 1)
    jobs.run()
    wechat.clear_faults()
    jobs.run_retries()  # a retry would go through at once now
    deadline = time.monotonic() + settings.http_timeout + 2  # the slow first one lands meanwhile
    while len(wechat.outbox(path=CUSTOM)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m["body"]["text"]["content"] for m in wechat.outbox(path=CUSTOM)] == ["查好了"]
    answered = db.session.scalars(select(InboundMessage).where(InboundMessage.followup.is_not(None))).all()
    assert [(m.followup, m.status) for m in answered] == [("查好了", "unconfirmed")]
