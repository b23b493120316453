"""No secret reaches a log line, an exception kept by the job queue, the audit log or a page: the
appsecrets, the access_token, a login code, keys and passwords. Driven through the real boundaries
(the API's login, a staff reply in the console run by the worker) with WeChat unreachable and with
WeChat answering error codes; everything logged at any level is searched."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rq.registry import FailedJobRegistry, ScheduledJobRegistry
from sqlalchemy import select

from models import AuditEntry
from server.jobs import queues
from server.log_redaction import redact
from server.sandbox.api.sns import issue_code
from tests.server.console import test_request_actions as actions
from tests.support.network import login
from tests.support.wechat_outage import CLOSED

LOGIN_CODE = "0a3Xk2ll2sF8Zd4Qp"
ROOT = Path(__file__).resolve().parents[2]
filed = actions.filed  # a request from oAct1 at 甲一甲村站
body_of, post = actions.body_of, actions.post


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def secrets_of(app, *more):
    config = app.extensions["settings"]
    keys = [config.wechat_secret, config.miniapp_secret, config.wechat_aes_key, config.wechat_token]
    return [*keys, config.secret_key, config.data_key, *more]


def kept_by_the_queue(app):
    """The exceptions RQ stored for failed and to-be-retried jobs (what `rq info` and dashboards show)."""
    texts = []
    for queue in queues(app.extensions["redis"]):
        for registry in (ScheduledJobRegistry(queue=queue), FailedJobRegistry(queue=queue)):
            for job_id in registry.get_job_ids():
                texts.append(queue.fetch_job(job_id).latest_result().exc_string)
    return texts


def assert_nowhere(secrets, *texts):
    for secret in secrets:
        for text in texts:
            assert secret not in text


def test_a_mini_program_login_with_wechat_unreachable_logs_no_secret(app, client, wechat_outage, logs):
    wechat_outage.stop()
    response = client.post("/api/v1/auth/login", json={"code": LOGIN_CODE})
    assert response.status_code == 502
    assert "GET /sns/jscode2session" in logs.text  # the failed call is still described
    assert_nowhere(secrets_of(app, LOGIN_CODE), logs.text, response.get_data(as_text=True))


@pytest.mark.parametrize("errcode", [40125, -1, 45011])
def test_a_mini_program_login_wechat_refuses_logs_no_secret(app, client, sandbox, wechat, logs, errcode):
    wechat.faults(errcodes={"/sns/jscode2session": errcode})
    with sandbox.app_context():
        code = issue_code("oMiniLog")
    response = client.post("/api/v1/auth/login", json={"code": code})
    assert response.status_code in (429, 502)
    assert_nowhere(secrets_of(app, code), logs.text, response.get_data(as_text=True))


def access_token(app):
    with app.app_context():
        return app.extensions["gateway"].official.access_token


def reply_and_let_the_worker_try(client, request_id, jobs):
    login(client, "clerk_a1a")
    assert post(client, request_id, "reply", body="您好，已安排村干部上门了解情况。").status_code == 302
    jobs.run()
    for _ in range(3):
        jobs.run_retries()


def test_a_reply_with_wechat_unreachable_logs_no_access_token(
    app, client, db, filed, wechat, jobs, wechat_outage, logs
):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    token = access_token(app)
    wechat_outage.stop()
    reply_and_let_the_worker_try(client, filed, jobs)
    assert "POST /cgi-bin/message/custom/send: ConnectionError" in logs.text
    audit = [str(entry.detail) for entry in db.session.scalars(select(AuditEntry))]
    stored = kept_by_the_queue(app)
    assert stored
    assert_nowhere(secrets_of(app, token), logs.text, *stored, *audit, body_of(client, filed))


def test_a_reply_wechat_answers_with_errors_logs_no_access_token(app, client, db, filed, wechat, jobs, logs):
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    token = access_token(app)
    wechat.faults(errcodes={"/cgi-bin/message/custom/send": 45009})  # quota reached: tried again later
    reply_and_let_the_worker_try(client, filed, jobs)
    assert "access_token=***" in logs.text  # the sandbox's own log of our calls, masked
    stored = kept_by_the_queue(app)
    assert stored
    assert_nowhere(secrets_of(app, token), logs.text, *stored, body_of(client, filed))


def test_redaction_masks_secrets_in_queries_bodies_urls_and_headers():
    assert redact("GET /sns/jscode2session?appid=wx1&secret=abc&js_code=xyz&grant_type=a") == (
        "GET /sns/jscode2session?appid=wx1&secret=***&js_code=***&grant_type=a"
    )
    assert redact('{"access_token": "T0K", "errcode": 0}') == '{"access_token": "***", "errcode": 0}'
    assert redact("{'session_key': 'k=='}") == "{'session_key': '***'}"
    assert redact("postgresql://vt:pw@db/vt") == "postgresql://vt:***@db/vt"
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer ***"
    assert redact("password=Initial2026&username=li") == "password=***&username=li"


def test_the_worker_process_logs_no_access_token(app, client, db, filed, wechat, env, settings):
    """`flask worker` in its own process, as in production, with WeChat unreachable: its output
    names the failed call and nothing secret."""
    if settings.embedded_redis:
        pytest.skip("flask worker needs REDIS_URL")
    wechat.follow("oAct1")
    wechat.say("oAct1", "你好")
    token = access_token(app)  # cached in Redis, where the worker finds it
    login(client, "clerk_a1a")
    post(client, filed, "reply", body="您好，已安排村干部上门了解情况。")
    worker_env = os.environ | env | {"FLASK_APP": "wsgi", "WECHAT_API_BASE": CLOSED}
    worker = subprocess.run(
        [sys.executable, "-m", "flask", "worker", "--burst"],
        env=worker_env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    output = worker.stdout + worker.stderr
    assert "POST /cgi-bin/message/custom/send: ConnectionError" in output
    assert_nowhere(secrets_of(app, token), output)
