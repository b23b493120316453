import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from handlers.router import Route, router
from models import Follower, InboundMessage
from server import create_app

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def counting_handler(monkeypatch):
    """A keyword handler that takes `delay` seconds and counts its runs."""
    runs = []

    def slow_count(msg, ctx):
        runs.append(threading.get_ident())
        time.sleep(slow_count.delay)
        return f"第{len(runs)}次办理"

    slow_count.delay = 0.0
    monkeypatch.setitem(router.keywords, "计数", Route(slow_count))
    slow_count.runs = runs
    return slow_count


def test_retry_runs_the_handler_once_and_gets_the_same_reply(deliver, push, counting_handler):
    message = push.text("oUser1", "计数")
    _, first = deliver(message)
    _, retry = deliver(message)
    assert len(counting_handler.runs) == 1
    assert first["Content"] == retry["Content"] == "第1次办理"


def test_concurrent_retries_of_a_slow_message_run_it_once(live_app, push, counting_handler, db):
    counting_handler.delay = 0.5
    query, body = push.sign(push.text("oUser1", "计数"))

    def post(_):
        response = requests.post(f"{live_app}/wechat", params=query, data=body, timeout=10)
        return response.status_code, push.open_reply(response.content, query).get("Content")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(post, range(4)))
    assert len(counting_handler.runs) == 1
    assert results == [(200, "第1次办理")] * 4
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 1


def test_retry_after_a_restart_is_still_recognised(app, settings, push, counting_handler):
    query, body = push.sign(push.text("oUser1", "计数"))
    first = app.test_client().post("/wechat", query_string=query, data=body)
    restarted = create_app(settings)  # a new process: fresh Redis stand-in, same database
    retry = restarted.test_client().post("/wechat", query_string=query, data=body)
    assert len(counting_handler.runs) == 1
    assert push.open_reply(retry.data, query)["Content"] == push.open_reply(first.data, query)["Content"]


def test_events_are_deduplicated_by_sender_time_and_event(deliver, push, db):
    follow = push.event("oUser2", "subscribe", created=1_700_000_000)
    deliver(follow)
    deliver(follow)
    deliver(push.event("oUser2", "subscribe", created=1_700_000_001))
    assert db.session.scalar(select(func.count()).select_from(InboundMessage)) == 2


def test_every_delivery_is_kept_with_its_reply(deliver, push, db):
    deliver(push.text("oUser3", "帮助"))
    row = db.session.scalars(select(InboundMessage)).one()
    assert (row.openid, row.msg_type, row.status) == ("oUser3", "text", "replied")
    assert "帮助" in row.body and "登记建档" in row.reply
    assert row.handler == "handlers.keywords.help_reply"


def test_times_are_stored_in_utc(deliver, push, db):
    deliver(push.text("oUser3", "帮助", created=1_700_000_000))
    row = db.session.scalars(select(InboundMessage)).one()
    assert row.sent_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert abs((datetime.now(UTC) - row.received_at).total_seconds()) < 60
    raw = db.session.execute(text("SELECT sent_at FROM inbound_message")).scalar_one()
    assert str(raw).startswith("2023-11-14 22:13:20")  # naive UTC, as the ORM writes it


def test_message_bodies_are_encrypted_at_rest(deliver, push, db):
    deliver(push.text("oUser3", "我的身份证号110105194912310021"))
    raw = db.session.execute(db.text("SELECT body, reply FROM inbound_message")).one()
    assert "110105194912310021" not in raw.body
    assert "110105194912310021" not in (raw.reply or "")


def test_a_failing_handler_rolls_back_and_replies_politely(deliver, push, db, monkeypatch):
    def broken(msg, ctx):
        from server.operations.messaging.followers import follow

        follow(ctx.openid)
        raise RuntimeError("boom")

    monkeypatch.setitem(router.keywords, "坏了", Route(broken))
    response, reply = deliver(push.text("oUser4", "坏了"))
    assert response.status_code == 200
    assert "稍后再试" in reply["Content"]
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
    assert db.session.scalars(select(InboundMessage)).one().status == "failed"


@pytest.mark.parametrize("nasty", ["a]]>b", "x]]><Content>injected</Content>", "bell\x07 and nul\x00 end"])
def test_reply_text_cannot_break_the_xml(deliver, push, monkeypatch, nasty):
    monkeypatch.setitem(router.keywords, "回声", Route(lambda msg, ctx: nasty))
    response, reply = deliver(push.text("oUser5", "回声"))
    assert response.status_code == 200
    assert reply["Content"] == nasty.replace("\x07", "").replace("\x00", "")


def test_database_down_gives_a_polite_reply_not_a_500(app, settings, push):
    broken = create_app(settings.replace(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    query, body = push.sign(push.text("oUser6", "帮助"))
    response = broken.test_client().post("/wechat", query_string=query, data=body)
    assert response.status_code == 200
    assert "稍后再试" in push.open_reply(response.data, query)["Content"]


def test_a_lost_database_connection_costs_one_polite_reply(app, deliver, push, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("terminates PostgreSQL backends")
    db.session.remove()
    db.engine.dispose()  # whatever earlier tests left in the pool goes
    with db.engine.connect():
        pass  # one idle connection in the pool, about to die
    with create_engine(db.engine.url, poolclass=NullPool).connect() as admin:
        admin.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    _, lost = deliver(push.text("oUser7", "帮助"))
    _, after = deliver(push.text("oUser7", "帮助"))
    assert "稍后再试" in lost["Content"]
    assert "登记建档" in after["Content"]


def test_retries_to_two_worker_processes_run_the_handler_once(app, env, push, tmp_path):
    """Two processes, as two gunicorn workers: nothing shared but the database."""
    counter, ports = tmp_path / "runs", [free_port(), free_port()]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.counting_worker", str(port), str(counter)],
            env=os.environ | env,
            cwd=ROOT,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for_port(port)
        query, body = push.sign(push.text("oUser9", "计数"))
        with ThreadPoolExecutor(4) as pool:
            replies = list(
                pool.map(
                    lambda port: requests.post(
                        f"http://127.0.0.1:{port}/wechat", params=query, data=body, timeout=20
                    ),
                    ports * 2,
                )
            )
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(10)
    assert [r.status_code for r in replies] == [200] * 4
    assert {push.open_reply(r.content, query).get("Content") for r in replies} == {"已办理"}
    assert counter.read_text() == "run\n"
