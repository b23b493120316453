"""The console speaks Chinese: every page, crawled as an administrator and as a village clerk over
demo-like data, shows no stored English value (a channel, a role, an audit action, a record type)."""

import re

import pytest
from sqlalchemy import select

from models import (
    Attachment,
    CannedAnswer,
    PolicyArticle,
    RequestCategory,
    Service,
    Staff,
    StationEvent,
    Veteran,
    db,
)
from models.request import CHANNELS
from models.staff import ROLES
from models.veteran import SOURCES
from server.console.texts import ACTION_NAMES, FIELD_NAMES, RECORD_NAMES, VALUE_NAMES, VIEW_NAMES
from server.operations.core.audit import Actor, record
from server.operations.network.stations import station_by_code
from server.operations.policies.attachments import attach_pdf
from server.operations.pushes.pushes import compose_push
from server.operations.pushes.sending import start_push
from server.seeds.demo import DEMO_PASSWORD
from server.timezone import local
from tests.support.demo import VILLAGE, visible_text
from tests.support.network import login
from tests.support.policies import PDF

ARGUMENTS = {
    "station_id": lambda: station_by_code(VILLAGE).id,
    "staff_id": lambda: db.session.scalar(select(Staff.id).filter_by(username="clerk")),
    "veteran_id": lambda: db.session.scalar(select(Veteran.id)),
    "request_id": lambda: db.session.scalar(select(Attachment.request_id)),
    "attachment_id": lambda: db.session.scalar(select(Attachment.id)),
    "answer_id": lambda: db.session.scalar(select(CannedAnswer.id)),
    "category_id": lambda: db.session.scalar(select(RequestCategory.id)),
    "service_id": lambda: db.session.scalar(select(Service.id)),
    "station_event_id": lambda: db.session.scalar(select(StationEvent.id).order_by(StationEvent.id.desc())),
    "policy_id": lambda: db.session.scalar(select(PolicyArticle.id)),
    "policy_attachment_id": lambda: _policy_attachment(),
    "push_id": lambda: _push(),
}


def _policy_attachment():
    """The demo's articles have no PDF: one is added (and committed, for the pages to read)."""
    article = db.session.scalars(select(PolicyArticle)).first()
    attachment = attach_pdf(article, "原文.pdf", PDF, Actor.system("测试"))
    db.session.commit()
    return attachment.id


def _push():
    """A push the demo's broadcaster composed and sent (its page shows every count and a batch)."""
    broadcaster = db.session.scalar(select(Staff).filter_by(username="broadcaster"))
    push = compose_push({"text": "政策通知", "all": True}, broadcaster, "texts-push", submit=False)
    push.state = "scheduled"
    start_push(push)
    db.session.commit()
    return push.id


# Stored values that must never reach a page as they are: as words, and roles as "（clerk）" after a
# name (a login name such as `admin` may show, in its own column).
STORED_WORDS = sorted(
    set(CHANNELS) | set(SOURCES) | set(ACTION_NAMES) | set(RECORD_NAMES) | set(VALUE_NAMES["state"])
    | set(VIEW_NAMES) | set(FIELD_NAMES)
)  # fmt: skip
STORED = re.compile(
    r"(?<![\w.-])(" + "|".join(map(re.escape, STORED_WORDS)) + r")(?![\w-])"
    r"|（(" + "|".join(ROLES) + r")）",
    re.ASCII,
)


def console_urls(app):
    from flask import url_for

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("console.") or "GET" not in rule.methods:
                continue
            if "kind" in rule.arguments:  # posters: pictures, not pages
                continue
            urls.append(url_for(rule.endpoint, **{name: ARGUMENTS[name]() for name in rule.arguments}))
    return urls


@pytest.mark.parametrize("username", ["admin", "clerk"])
def test_no_page_shows_a_stored_english_value(app, client, demo, username):
    assert login(client, username, DEMO_PASSWORD).status_code == 302
    client.get(f"/console/requests/{demo.id}/attachments/{db.session.scalar(select(Attachment.id))}")
    pages = 0
    # The audit log last, after the downloads have put their filters in it.
    for url in console_urls(app) + ["/console/requests?view=all", "/console/audit"]:
        response = client.get(url)
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        text = visible_text(response.get_data(as_text=True))
        found = sorted({m.group(0) for m in STORED.finditer(text)})
        assert not found, f"{username} {url}: {found}"
        pages += 1
    assert pages >= (20 if username == "admin" else 10)


def test_the_audit_log_names_actions_records_and_people_in_words(client, demo):
    login(client, "admin", DEMO_PASSWORD)
    assert "登录" in visible_text(client.get("/console/audit").get_data(as_text=True))
    # the demo's requests, filed before the seeds of appointments and policies wrote their own entries
    text = visible_text(client.get("/console/audit?target_type=service_request").get_data(as_text=True))
    assert "代为登记诉求" in text and "诉求 " in text
    assert "李办事（工作人员）" in text and "渠道：电话" in text


def test_a_registration_shows_its_consent_with_the_notices_version_and_time(client, demo):
    veteran = db.session.scalar(select(Veteran))
    login(client, "admin", DEMO_PASSWORD)
    text = visible_text(client.get(f"/console/registrations/{veteran.id}").get_data(as_text=True))
    moment = local(veteran.consent_at).strftime("%Y-%m-%d %H:%M")
    assert f"已同意《个人信息保护说明》（2026-11 版）于 {moment}" in text
    assert "公众号" in text


def test_home_counts_followers_as_关注用户(client, demo):
    login(client, "admin", DEMO_PASSWORD)
    text = visible_text(client.get("/console/").get_data(as_text=True))
    assert "关注用户" in text and "粉丝" not in text


def test_a_value_no_table_knows_yet_is_shown_as_stored(client, demo):
    record(Actor.system("测试"), "something.new", demo, odd=[1, {"nested": None}], channel="fax")
    db.session.commit()
    login(client, "admin", DEMO_PASSWORD)
    response = client.get("/console/audit")
    text = visible_text(response.get_data(as_text=True))
    assert response.status_code == 200 and "something.new" in text and "odd：1、nested" in text
    assert "渠道：fax" in text
