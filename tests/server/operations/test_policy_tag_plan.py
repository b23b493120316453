import pytest

from server.jobs.tags import run_sync
from server.operations.messaging.followers import bind_station, follow
from server.operations.policies.subscriptions import set_subscriptions
from server.operations.policies.tag_plan import (
    ACCOUNT_RESERVE,
    ACCOUNT_TAGS,
    TOPIC_TAGS,
    USER_RESERVE,
    USER_TAGS,
    PlannedTag,
    TagPlanTooLarge,
    check_plan,
    followers_for,
    plan_tags,
    tag_for_audience,
    wechat_tag_id,
)
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.policies import topic
from tests.support.veterans import values


def planned(topics=0, others=0):
    return [PlannedTag("topic", n, f"t{n}") for n in range(topics)] + [
        PlannedTag("county", n, f"c{n}") for n in range(others)
    ]


def test_a_follower_can_never_be_planned_more_than_wechats_20():
    assert TOPIC_TAGS + 1 + 1 + USER_RESERVE == USER_TAGS  # topics, a category, a county, the reserve
    check_plan(planned(topics=TOPIC_TAGS))
    with pytest.raises(TagPlanTooLarge, match="超过了16个"):
        check_plan(planned(topics=TOPIC_TAGS + 1))


def test_more_than_the_accounts_100_less_the_reserve_is_refused():
    limit = ACCOUNT_TAGS - ACCOUNT_RESERVE
    check_plan(planned(topics=10, others=limit - 10))
    with pytest.raises(TagPlanTooLarge, match=f"需要{limit + 1}个标签，超过了可用的{limit}个"):
        check_plan(planned(topics=10, others=limit - 9))


def test_the_plan_names_a_tag_per_topic_category_and_county(db, network):
    topic("就业创业")
    names = {tag.name for tag in plan_tags()}
    assert {"专题·就业创业", "类别·退役士兵", "区县·甲区中心", "区县·乙区中心"} <= names
    assert all(len(name) <= 30 for name in names)


def test_the_county_is_the_registrations_station_else_the_scanned_one(db, network):
    follow("oPlan1")
    follow("oPlan2")
    bind_station("oPlan1", network.station("A1a"))
    bind_station("oPlan2", network.station("A1a"))
    veteran = start_registration("chat", openid="oPlan2")
    update_registration(veteran, values(network.station("B1a").id))
    submit_registration(veteran)
    assert followers_for("county", network.station("A").id) == ["oPlan1"]
    assert followers_for("county", network.station("B").id) == ["oPlan2"]
    assert followers_for("category", 1) == ["oPlan2"]


def test_a_tag_serves_an_audience_only_while_in_step(db, wechat, network):
    jobs = topic("就业创业")
    wechat.add_followers(["oPlan3", "oPlan4"])
    follow("oPlan3")
    follow("oPlan4")
    set_subscriptions([jobs.id], openid="oPlan3")
    db.session.commit()
    assert tag_for_audience("topic", jobs.id) is None  # not made yet
    run_sync()
    assert tag_for_audience("topic", jobs.id) == wechat_tag_id("topic", jobs.id) is not None
    set_subscriptions([jobs.id], openid="oPlan4")
    assert tag_for_audience("topic", jobs.id) is None  # WeChat does not have oPlan4 yet
    assert followers_for("topic", jobs.id) == ["oPlan3", "oPlan4"]


def test_topics_retired_leave_the_plan(db, network):
    retired = topic("就业创业")
    retired.active = False
    assert all(tag.kind != "topic" for tag in plan_tags())
