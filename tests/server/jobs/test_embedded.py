import time

import pytest

from handlers.router import Route, router
from server.jobs.embedded import EmbeddedWorker


def test_the_embedded_worker_runs_jobs_in_a_thread(app, wechat, monkeypatch):
    monkeypatch.setitem(router.keywords, "慢查询", Route(lambda msg, ctx: "查好了", slow=True))
    worker = EmbeddedWorker(app, poll=0.1).start()
    try:
        wechat.follow("oEmbedded")
        assert "已收到" in wechat.say("oEmbedded", "慢查询")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not wechat.outbox(path="/cgi-bin/message/custom/send"):
            time.sleep(0.1)
    finally:
        worker.stop()
    sent = wechat.outbox(path="/cgi-bin/message/custom/send")
    if not sent:
        pytest.fail("the embedded worker did not run the deferred handler within 10 s")
    assert sent[0]["body"]["text"]["content"] == "查好了"
