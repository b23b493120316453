"""The tag sync against the live sandbox: WeChat's membership ends as ours, in calls of at most 50,
and a sync cut off halfway resumes without repeating a call."""

import pytest
from sqlalchemy import select

from models import Follower, FollowerTag, PolicyTopic, VeteranCategory, WechatTag
from server.extensions import gateway
from server.gateway.errors import Unreachable
from server.jobs.tags import run_sync
from server.operations.core.audit import Actor
from server.operations.messaging.followers import bind_station, follow, unfollow
from server.operations.policies.subscriptions import set_subscriptions
from server.operations.policies.tag_plan import wechat_tag_id
from server.operations.policies.topics import add_topic, set_topic_active
from server.operations.veterans.registrations import add_category
from tests.support.policies import register_person, topic

TAGGING = "/cgi-bin/tags/members/batchtagging"
ADMIN = Actor.system("test")


@pytest.fixture
def world(sandbox):
    return sandbox.extensions["sandbox"]


def followers(wechat, count, prefix="oTag"):
    openids = [f"{prefix}{n:04d}" for n in range(count)]
    wechat.add_followers(openids)
    for openid in openids:
        follow(openid)
    return openids


def wechat_members(world, kind, ref_id):
    """The openids WeChat has under our tag for (kind, ref_id)."""
    tag_id = wechat_tag_id(kind, ref_id)
    return {user.openid for user in world.users.values() if tag_id in user.tags}


def taggings(wechat):
    return [entry["body"] for entry in wechat.outbox(path=TAGGING)]


def test_wechat_ends_with_our_members_in_batches_of_50(db, wechat, world, network):
    jobs = topic("就业创业")
    openids = followers(wechat, 120)
    for openid in openids[:110]:
        set_subscriptions([jobs.id], openid=openid)
    for openid in openids[:7]:
        bind_station(openid, network.station("B1a"))
    db.session.commit()
    report = run_sync()
    assert wechat_members(world, "topic", jobs.id) == set(openids[:110])
    assert wechat_members(world, "county", network.station("B").id) == set(openids[:7])
    assert wechat_members(world, "county", network.station("A").id) == set()
    sizes = sorted(len(body["openid_list"]) for body in taggings(wechat))
    assert sizes == [7, 10, 50, 50]
    assert report.tagged == 117 and report.skipped == []


def test_a_change_is_applied_by_difference(db, wechat, world, network):
    jobs, health = topic("就业创业"), topic("优抚待遇")
    openids = followers(wechat, 3)
    for openid in openids:
        set_subscriptions([jobs.id], openid=openid)
    db.session.commit()
    run_sync()
    wechat.clear_outbox()
    set_subscriptions([health.id], openid=openids[0])
    db.session.commit()
    follower = db.session.scalar(select(Follower.id).filter_by(openid=openids[0]))
    report = run_sync(follower_ids=[follower])
    assert report.calls == 2 and report.tagged == 1 and report.untagged == 1
    assert wechat_members(world, "topic", jobs.id) == set(openids[1:])
    assert wechat_members(world, "topic", health.id) == {openids[0]}


def test_a_sync_cut_off_resumes_without_repeating_a_call(db, wechat, world, network, monkeypatch):
    jobs = topic("就业创业")
    openids = followers(wechat, 260)
    for openid in openids:
        set_subscriptions([jobs.id], openid=openid)
    db.session.commit()
    real, made = gateway().tag_users, []

    def dies_at_the_fourth(tag_id, batch):
        if len(made) == 3:
            raise Unreachable(None, "worker killed")
        made.append(batch)
        return real(tag_id, batch)

    monkeypatch.setattr(gateway(), "tag_users", dies_at_the_fourth)
    with pytest.raises(Unreachable):
        run_sync()
    monkeypatch.undo()
    db.session.rollback()
    run_sync()
    bodies = taggings(wechat)
    assert len(bodies) == 6  # 260 openids: 5 × 50 + 10, each sent once
    tagged = [openid for body in bodies for openid in body["openid_list"]]
    assert sorted(tagged) == sorted(openids)
    assert wechat_members(world, "topic", jobs.id) == set(openids)


def test_a_follower_at_wechats_20_is_left_out_and_the_others_are_tagged(db, wechat, world, network):
    jobs = topic("就业创业")
    openids = followers(wechat, 5)
    full = world.users[openids[2]]
    full.tags.update(range(1000, 1020))  # 20 tags made by hand in 公众平台
    for openid in openids:
        set_subscriptions([jobs.id], openid=openid)
    db.session.commit()
    report = run_sync()
    assert wechat_members(world, "topic", jobs.id) == set(openids) - {openids[2]}
    assert report.skipped == [(openids[2], 45059)]


def test_no_follower_gets_more_than_20_tags(db, wechat, world, network):
    topics = [topic(f"专题{n:02d}") for n in range(16)]
    (openid,) = followers(wechat, 1)
    set_subscriptions([t.id for t in topics], openid=openid)
    register_person(network, openid=openid)  # a category, and a county by the registration's station
    db.session.commit()
    run_sync()
    assert len(world.users[openid].tags) == 18  # 16 topics, a category, a county: 2 of the 20 left
    assert db.session.query(FollowerTag).count() == 18


def test_a_plan_over_wechats_limits_is_refused_before_any_call(reference_tables, db, wechat, network):
    topic("就业创业")
    for n in range(88):  # with the 9 seeded categories and the 2 counties: 100 tags
        add_category(f"类别{n:02d}", True, ADMIN)
    followers(wechat, 2)
    db.session.commit()
    wechat.clear_outbox()
    report = run_sync()
    assert report.calls == 0 and wechat.outbox() == []
    assert db.session.query(WechatTag).count() == 0


def test_more_topics_than_a_follower_can_carry_are_refused(db, wechat, network):
    for n in range(17):
        add_topic(f"专题{n:02d}", ADMIN)
    db.session.commit()
    wechat.clear_outbox()
    assert run_sync().calls == 0 and wechat.outbox() == []


def test_unfollowing_sends_nothing_and_our_rows_go(db, wechat, world, network):
    jobs = topic("就业创业")
    (openid,) = followers(wechat, 1)
    set_subscriptions([jobs.id], openid=openid)
    db.session.commit()
    run_sync()
    wechat.clear_outbox()
    unfollow(openid)
    db.session.commit()
    run_sync()
    assert [entry["path"] for entry in wechat.outbox()] == ["/cgi-bin/tags/get"]  # nothing about them
    assert db.session.query(FollowerTag).count() == 0


def test_a_retired_topics_tag_is_deleted_and_a_tag_deleted_by_hand_is_made_again(db, wechat, world, network):
    jobs, health = topic("就业创业"), topic("优抚待遇")
    (openid,) = followers(wechat, 1)
    set_subscriptions([jobs.id, health.id], openid=openid)
    db.session.commit()
    run_sync()
    old_health = wechat_tag_id("topic", health.id)
    set_topic_active(db.session.get(PolicyTopic, jobs.id), False, ADMIN)
    gateway().delete_tag(old_health)  # someone deleted it in 公众平台
    db.session.commit()
    report = run_sync()
    assert wechat_tag_id("topic", jobs.id) is None and report.deleted == 1
    assert report.made == 1 and wechat_members(world, "topic", health.id) == {openid}
    names = {tag["name"] for tag in gateway().list_tags()}
    assert "专题·优抚待遇" in names and "专题·就业创业" not in names


def test_category_tags_follow_the_registration(db, wechat, world, network):
    (openid,) = followers(wechat, 1)
    register_person(network, openid=openid)
    db.session.commit()
    run_sync()
    category = db.session.get(VeteranCategory, 1)
    assert wechat_members(world, "category", category.id) == {openid}
    assert wechat_members(world, "county", network.station("A").id) == {openid}


def test_linking_the_mini_programs_later_choice_retags_the_follower(db, wechat, world, network, jobs):
    jobs_topic, health = topic("就业创业"), topic("优抚待遇")
    (openid,) = followers(wechat, 1)
    set_subscriptions([jobs_topic.id], openid=openid)
    db.session.commit()
    run_sync()
    set_subscriptions([health.id], miniapp_openid="mLink1")
    register_person(network, openid=openid, miniapp_openid="mLink1")  # the two rows become one
    db.session.commit()
    jobs.run()  # the follower's sync the merge asked for
    assert wechat_members(world, "topic", health.id) == {openid}
    assert wechat_members(world, "topic", jobs_topic.id) == set()
