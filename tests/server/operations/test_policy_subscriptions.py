import pytest
from sqlalchemy import func, select

from models import PolicySubscriber, VeteranCategory
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.messaging.followers import follow, unfollow
from server.operations.policies.subscriptions import (
    grant_notice_taps,
    notice_taps_left,
    set_default_topics,
    set_subscriptions,
    subscribed_topic_ids,
    toggle_subscription,
    unsubscribe_all,
)
from server.operations.policies.topics import set_topic_active
from tests.support.policies import register_person, topic

ADMIN = Actor.system("test")


@pytest.fixture
def topics(db):
    return [topic(name) for name in ("就业创业", "优抚待遇", "医疗保障")]


def test_a_follower_sets_toggles_and_cancels_all(db, topics):
    jobs, health, medical = topics
    set_subscriptions([medical.id, jobs.id], openid="oSub1")
    assert subscribed_topic_ids(openid="oSub1") == [jobs.id, medical.id]  # in the topics' order
    assert toggle_subscription(health.id, openid="oSub1") is True
    assert toggle_subscription(jobs.id, openid="oSub1") is False
    assert subscribed_topic_ids(openid="oSub1") == [health.id, medical.id]
    unsubscribe_all(openid="oSub1")
    assert subscribed_topic_ids(openid="oSub1") == []


def test_unknown_and_retired_topics_are_refused_by_id(db, topics):
    set_topic_active(topics[1], False, ADMIN)
    with pytest.raises(DomainError) as refused:
        set_subscriptions([topics[0].id, topics[1].id, 999], openid="oSub2")
    assert refused.value.details["field"] == "topic_ids"
    assert f"{topics[1].id}、999" in refused.value.message
    assert subscribed_topic_ids(openid="oSub2") == []


def test_registering_gives_the_categorys_defaults_once(db, network, topics):
    category = db.session.get(VeteranCategory, 1)
    set_default_topics(category, [topics[0].id, topics[2].id], ADMIN)
    register_person(network, openid="oSub3")
    assert subscribed_topic_ids(openid="oSub3") == [topics[0].id, topics[2].id]


def test_a_person_who_cancelled_all_keeps_none_after_registering(db, network, topics):
    set_default_topics(db.session.get(VeteranCategory, 1), [topics[0].id], ADMIN)
    unsubscribe_all(openid="oSub4")
    register_person(network, openid="oSub4")
    assert subscribed_topic_ids(openid="oSub4") == []


def test_the_chat_and_the_mini_program_share_one_choice_once_linked(db, network, topics):
    set_subscriptions([topics[0].id], openid="oSub5")
    set_subscriptions([topics[1].id], miniapp_openid="mSub5")
    register_person(network, openid="oSub5", miniapp_openid="mSub5")
    # the later choice (the mini-program's) wins, and both sides see it
    assert subscribed_topic_ids(openid="oSub5") == [topics[1].id]
    assert subscribed_topic_ids(miniapp_openid="mSub5") == [topics[1].id]
    assert db.session.scalar(select(func.count()).select_from(PolicySubscriber)) == 1


def test_taps_on_the_policy_notice_add_up_and_stay_when_two_choices_become_one(db, network, topics):
    assert notice_taps_left(miniapp_openid="mSub8") == 0
    grant_notice_taps(2, miniapp_openid="mSub8")
    grant_notice_taps(1, miniapp_openid="mSub8")
    set_subscriptions([topics[0].id], openid="oSub8")
    register_person(network, openid="oSub8", miniapp_openid="mSub8", serial=8)
    assert notice_taps_left(openid="oSub8") == 3 and notice_taps_left(miniapp_openid="mSub8") == 3
    assert db.session.scalar(select(func.count()).select_from(PolicySubscriber)) == 1


def test_unfollowing_forgets_the_openid_but_not_the_mini_program_choice(db, network, topics):
    follow("oSub6")
    follow("oSub7")
    set_subscriptions([topics[0].id], openid="oSub6")
    register_person(network, openid="oSub7", miniapp_openid="mSub7", serial=7)
    set_subscriptions([topics[2].id], miniapp_openid="mSub7")
    unfollow("oSub6")
    unfollow("oSub7")
    assert subscribed_topic_ids(openid="oSub6") == []
    (kept,) = db.session.scalars(select(PolicySubscriber)).all()
    assert kept.openid is None and kept.miniapp_openid == "mSub7"
    assert [t.id for t in kept.topics] == [topics[2].id]
