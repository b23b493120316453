"""订阅推送 in chat: numbered toggles with ✓, 取消全部, 完成, 退订, and the tag sync it asks for."""

import pytest

from menus import MenuKey
from server.jobs.tags import run_sync
from server.operations.policies.subscriptions import subscribed_topic_ids
from server.operations.policies.tag_plan import wechat_tag_id
from tests.support.policies import topic


@pytest.fixture
def topics(db):
    made = [topic(name) for name in ("就业创业", "优抚待遇", "医疗保障")]
    db.session.commit()
    return made


def test_the_menu_lists_every_topic_and_toggles_by_number(wechat, db, topics):
    wechat.follow("oSubChat1")
    listing = wechat.click("oSubChat1", MenuKey.SUBSCRIBE_NOTICES)
    assert "即将上线" not in listing
    assert "1. 就业创业\n2. 优抚待遇\n3. 医疗保障" in listing and "目前没有开启任何专题" in listing
    assert "回复序号开启或关闭，回复“取消全部”全部退订，回复“完成”结束" in listing
    assert "每月最多收到4条" in listing
    turned = wechat.say("oSubChat1", "1")
    assert turned.startswith("已开启“就业创业”") and "1. 就业创业 ✓" in turned
    turned = wechat.say("oSubChat1", "三")
    assert "3. 医疗保障 ✓" in turned and "已开启：就业创业、医疗保障。" in turned
    turned = wechat.say("oSubChat1", "1")
    assert turned.startswith("已关闭“就业创业”") and "1. 就业创业\n" in turned
    done = wechat.say("oSubChat1", "完成")
    assert "已开启：医疗保障。" in done and "每月最多向每位关注者群发4条消息" in done
    db.session.expire_all()
    assert subscribed_topic_ids(openid="oSubChat1") == [topics[2].id]


def test_a_wrong_number_asks_again(wechat, db, topics):
    wechat.follow("oSubChat2")
    wechat.say("oSubChat2", "订阅")
    again = wechat.say("oSubChat2", "9")
    assert again.startswith("请回复列表中的序号或名称。") and "1. 就业创业" in again


def test_cancel_all_works_inside_the_list_and_anywhere(wechat, db, topics):
    wechat.follow("oSubChat3")
    wechat.say("oSubChat3", "退订")
    wechat.say("oSubChat3", "1")
    wechat.say("oSubChat3", "2")
    cleared = wechat.say("oSubChat3", "取消全部")
    assert cleared.startswith("已取消全部订阅") and "目前没有开启任何专题" in cleared
    wechat.say("oSubChat3", "2")
    assert wechat.say("oSubChat3", "完成").startswith("订阅已保存。已开启：优抚待遇。")
    assert wechat.say("oSubChat3", "取消全部").startswith("已取消全部订阅，您将不再收到专题政策推送。")
    db.session.expire_all()
    assert subscribed_topic_ids(openid="oSubChat3") == []


def test_a_toggle_in_chat_tags_the_follower_at_wechat(wechat, sandbox, db, jobs, topics):
    wechat.follow("oSubChat4")
    run_sync()  # the tags are made
    wechat.say("oSubChat4", "订阅")
    wechat.say("oSubChat4", "2")
    jobs.run()  # the follower's sync the change asked for
    tag_id = wechat_tag_id("topic", topics[1].id)
    assert tag_id in sandbox.extensions["sandbox"].users["oSubChat4"].tags
