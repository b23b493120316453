import time

import pytest
from sqlalchemy import select

from handlers.router import Route, router
from models import InboundMessage


@pytest.fixture
def slow_keyword(monkeypatch):
    runs = []

    def look_up_pension(msg, ctx):
        runs.append(msg.source)
        time.sleep(0.1)  # stands for a slow lookup that would not fit WeChat's 5 seconds
        return "您的优待金已于本月发放。"

    monkeypatch.setitem(router.keywords, "查询优待金", Route(look_up_pension, slow=True))
    return runs


def test_a_slow_handler_acknowledges_now_and_answers_by_customer_service(wechat, jobs, slow_keyword, db):
    wechat.follow("oSlow")
    reply = wechat.say("oSlow", "查询优待金")
    assert "已收到" in reply and slow_keyword == []
    jobs.run()
    assert slow_keyword == ["oSlow"]
    sent = wechat.outbox(path="/cgi-bin/message/custom/send", openid="oSlow")
    assert [s["body"]["text"]["content"] for s in sent] == ["您的优待金已于本月发放。"]
    row = db.session.scalars(select(InboundMessage).filter_by(msg_type="text")).one()
    assert row.status == "replied" and row.followup == "您的优待金已于本月发放。"


def test_a_failed_send_is_retried_without_running_the_handler_again(wechat, jobs, slow_keyword):
    wechat.follow("oSlow")
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": 45009})
    wechat.say("oSlow", "查询优待金")
    jobs.run()
    wechat.clear_faults()
    jobs.run_retries()
    assert slow_keyword == ["oSlow"]
    results = [s["result"] for s in wechat.outbox(path="/cgi-bin/message/custom/send", openid="oSlow")]
    assert results == [45009, 0]
