"""People who use only the mini-program: a tap taken and a subscribe message recorded when the push
starts, in the same transaction as their recipient row; counted with the push."""

import json

from sqlalchemy import select

from models import Notification, PolicySubscriber, PushRecipient, db
from server.operations.messaging.notifications import record_attempt
from server.operations.policies.subscriptions import grant_notice_taps
from server.operations.pushes.audience import Audience
from server.operations.pushes.notices import send_notices
from server.operations.pushes.sending import finish_push, recount, start_push
from tests.support.policies import write_article
from tests.support.pushes import follower, push_for, registered


def _county_push(network, **values):
    return push_for(network, role="supervisor", all=False, station_ids=[network.station("A").id], **values)


def _taps(miniapp_openid):
    return db.session.scalar(select(PolicySubscriber.notice_taps).filter_by(miniapp_openid=miniapp_openid))


def _notices(push):
    statement = select(Notification).filter_by(subject_type="push", subject_id=push.id)
    return db.session.scalars(statement.order_by(Notification.id)).all()


def test_starting_a_push_takes_one_tap_and_records_the_message_that_opens_the_article(network):
    person = registered(network, "A1a", 1, miniapp_openid="mOne_mp")
    grant_notice_taps(2, miniapp_openid="mOne_mp")
    for openid in ("oF1", "oF2"):
        follower(network, openid, "A1")
    article = write_article(network, None, published=True)
    push = _county_push(network, text=None, article_id=article.id)
    assert start_push(push) and push.state == "sending" and push.targeted == 3
    assert _taps("mOne_mp") == 1
    (notice,) = _notices(push)
    assert (notice.openid, notice.miniapp_openid, notice.template_key) == (None, "mOne_mp", "miniapp_policy")
    assert notice.template_page == f"pages/policies/detail?id={article.id}"
    values = json.loads(notice.template_data)
    assert values["thing2"] == article.issuer[:20] and set(values) == {"thing1", "thing2", "date3", "thing4"}
    rows = db.session.execute(select(PushRecipient.batch_n, PushRecipient.openid, PushRecipient.veteran_id))
    assert sorted(rows.all()) == [(0, "mOne_mp", person.id), (1, "oF1", None), (1, "oF2", None)]


def test_a_push_to_mini_program_people_only_goes_without_a_mass_send(network):
    registered(network, "A1a", 1, miniapp_openid="mOnly_mp")
    grant_notice_taps(1, miniapp_openid="mOnly_mp")
    push = _county_push(network)
    assert start_push(push) and push.state == "sending" and push.batches == []
    assert _notices(push)[0].template_page == "pages/policies/index"
    finish_push(push)
    assert push.state == "sent"


def test_a_push_that_fails_for_one_follower_takes_no_tap(network):
    registered(network, "A1a", 1, miniapp_openid="mKept_mp")
    grant_notice_taps(1, miniapp_openid="mKept_mp")
    follower(network, "oAlone", "A1")
    push = _county_push(network)
    assert start_push(push) and push.state == "failed" and "只有1位" in push.error
    assert _taps("mKept_mp") == 1 and _notices(push) == []


def test_a_tap_gone_since_the_audience_was_measured_leaves_the_person_out(network):
    registered(network, "A1a", 1, miniapp_openid="mGone_mp")
    push = _county_push(network)
    audience = Audience(notices=[("mGone_mp", None)])
    assert send_notices(push, audience) == [] and _notices(push) == []
    assert audience.notices == [] and audience.left_out == {"miniapp_only": 1}


def test_the_push_counts_its_subscribe_messages_sent_and_refused(network):
    for n in (1, 2, 3):
        registered(network, "A1a", n, miniapp_openid=f"mCount{n}_mp")
        grant_notice_taps(1, miniapp_openid=f"mCount{n}_mp")
    push = _county_push(network)
    start_push(push)
    sent, refused, waiting = _notices(push)
    record_attempt(sent, state="sent", channel="subscribe")
    record_attempt(refused, state="failed", errcode=43101)
    db.session.flush()
    recount(push)
    assert (push.targeted, push.sent, push.failed) == (3, 1, 1) and waiting.state == "pending"
