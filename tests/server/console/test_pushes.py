"""政策推送 in the console: compose, count, submit once, approve, cancel, watch it go, see it on a
person's record. Through HTTP with login and CSRF, the job against the sandbox."""

import re

from sqlalchemy import func, select

from models import Push, Veteran, db
from server.operations.policies.subscriptions import grant_notice_taps, set_subscriptions
from tests.support.network import csrf_token, login
from tests.support.policies import topic, write_article
from tests.support.pushes import follower, registered


def _form(client, query=""):
    page = client.get(f"/console/pushes/new{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    return {"csrf_token": csrf_token(html), "token": token}


def _people(network, wechat):
    registered(network, "A1a", 1, openid="oVetA1")
    registered(network, "A1a", 2)  # no WeChat
    registered(network, "A2a", 3, miniapp_openid="mMiniA2")
    follower(network, "oFanA2", "A2")
    db.session.commit()
    wechat.add_followers(["oVetA1", "oFanA2"])


def _push():
    return db.session.scalars(select(Push)).one()


def test_a_broadcaster_counts_submits_once_and_a_supervisor_approves_and_it_goes(
    client, network, wechat, jobs
):
    _people(network, wechat)
    login(client, "broadcaster_a")
    form = _form(client) | {
        "text": "优待证申领开始，请到服务站办理。",
        "station_ids": str(network.station("A").id),
    }
    counted = client.post("/console/pushes/new", data=form | {"action": "count"}).get_data(as_text=True)
    assert "将推送给 <strong>2</strong> 人" in counted, counted[counted.find("<main") :]
    assert "未关注公众号：1 人" in counted and "仅使用小程序且未允许订阅消息：1 人" in counted

    first = client.post("/console/pushes/new", data=form | {"action": "submit"})
    again = client.post("/console/pushes/new", data=form | {"action": "submit"})  # a double click
    assert first.status_code == again.status_code == 302 and first.location == again.location
    assert db.session.scalar(select(func.count()).select_from(Push)) == 1
    push = _push()
    assert push.state == "awaiting_approval" and "等待审核" in client.get(first.location).get_data(
        as_text=True
    )
    jobs.run()
    assert wechat.mass_sends() == []  # nothing goes before the approval

    token = csrf_token(client.get(first.location).get_data(as_text=True))
    assert client.post(f"/console/pushes/{push.id}/approve", data={"csrf_token": token}).status_code == 403
    client.post("/console/logout", data={"csrf_token": token})
    login(client, "supervisor_a")
    token = csrf_token(client.get(first.location).get_data(as_text=True))
    approved = client.post(f"/console/pushes/{push.id}/approve", data={"csrf_token": token})
    assert "审核通过" in client.get(approved.location).get_data(as_text=True)
    twice = client.post(f"/console/pushes/{push.id}/approve", data={"csrf_token": token})
    assert "不在待审核状态" in client.get(twice.location).get_data(as_text=True)
    jobs.run()

    page = client.get(f"/console/pushes/{push.id}").get_data(as_text=True)
    assert "已发送" in page and '<progress max="2" value="2">' in page and "refresh" not in page
    assert sorted(wechat.mass_send(wechat.mass_sends()[0]["msg_id"])["delivered"]) == ["oFanA2", "oVetA1"]
    listing = client.get("/console/pushes").get_data(as_text=True)
    assert "broadcaster@A" in listing and "supervisor@A" in listing and "站点：甲区中心" in listing


def test_a_page_of_a_push_being_sent_refreshes_itself(client, network, configure):
    configure(push_approval_required=False)
    login(client, "broadcaster_c")
    form = _form(client) | {"text": "通知", "all": "y", "send_at": "2099-01-01T09:00", "action": "submit"}
    sent = client.post("/console/pushes/new", data=form)
    assert "定时发送最多提前30天" in sent.get_data(as_text=True)
    posted = client.post("/console/pushes/new", data=form | {"send_at": ""})
    assert _push().state == "scheduled"  # with the setting off, nobody approves
    assert '<meta http-equiv="refresh" content="3">' in client.get(posted.location).get_data(as_text=True)


def test_a_push_is_cancelled_until_it_starts(client, network, wechat, jobs):
    _people(network, wechat)
    login(client, "supervisor_c")
    form = _form(client) | {"text": "通知", "all": "y", "send_at": "", "action": "draft"}
    draft = client.post("/console/pushes/new", data=form)
    push = _push()
    assert push.state == "draft"
    token = csrf_token(client.get(draft.location).get_data(as_text=True))
    client.post(f"/console/pushes/{push.id}/cancel", data={"csrf_token": token})
    assert _push().state == "cancelled"
    jobs.run()
    assert wechat.mass_sends() == []

    sent = client.post(
        "/console/pushes/new", data=_form(client) | {"text": "通知", "all": "y", "action": "submit"}
    )
    jobs.run()
    late = db.session.scalars(select(Push).where(Push.state == "sent")).one()
    refused = client.post(f"/console/pushes/{late.id}/cancel", data={"csrf_token": token})
    assert "已开始发送或已结束，不能取消" in client.get(refused.location).get_data(as_text=True)
    assert sent.status_code == 302


def test_an_article_push_and_the_person_s_record_lists_it(client, network, wechat, jobs, configure):
    configure(public_base_url="https://vets.example.cn/")
    _people(network, wechat)
    article = write_article(network, None, published=True)
    db.session.commit()
    login(client, "supervisor_c")
    assert f"/console/pushes/new?article={article.id}" in client.get(f"/console/policies/{article.id}").text
    form = _form(client, f"?article={article.id}")
    assert (
        f'<option selected value="{article.id}">'
        in client.get(f"/console/pushes/new?article={article.id}").text
    )
    client.post(
        "/console/pushes/new", data=form | {"article_id": str(article.id), "all": "y", "action": "submit"}
    )
    jobs.run()
    assert _push().state == "sent" and _push().link == f"https://vets.example.cn/policies/{article.id}"
    client.post("/console/logout", data={"csrf_token": form["csrf_token"]})
    login(client, "clerk_c")
    record = client.get(f"/console/registrations/{_veteran('oVetA1').id}").get_data(as_text=True)
    assert "收到的政策推送" in record and article.title in record
    other = client.get(f"/console/registrations/{_veteran(None).id}").get_data(as_text=True)
    assert "还没有收到过政策推送" in other


def _veteran(openid):
    return db.session.scalars(select(Veteran).where(Veteran.openid == openid)).first()


def test_a_county_broadcaster_is_told_to_choose_an_audience(client, network):
    login(client, "broadcaster_a")
    page = client.post("/console/pushes/new", data=_form(client) | {"text": "通知", "action": "count"})
    assert "请选择推送对象" in page.get_data(as_text=True) and 'name="all"' not in page.get_data(as_text=True)
    page = client.post("/console/pushes/new", data=_form(client) | {"text": "通知", "action": "submit"})
    assert (
        "请选择推送对象" in page.get_data(as_text=True)
        and db.session.scalar(select(func.count(Push.id))) == 0
    )


def test_subscribers_of_a_topic_are_counted_with_those_not_subscribed(client, network):
    health = topic("医疗保障")
    follower(network, "oHealthFan", "A1")
    follower(network, "oNotAFan", "A1")
    set_subscriptions([health.id], openid="oHealthFan")
    db.session.commit()
    login(client, "supervisor_c")
    form = _form(client) | {"text": "免费体检通知", "topic_ids": str(health.id), "action": "count"}
    page = client.post("/console/pushes/new", data=form).get_data(as_text=True)
    assert "将推送给 <strong>1</strong> 人" in page and "未订阅所选专题：1 人" in page
    client.post("/console/pushes/new", data=form | {"action": "draft"})
    assert "订阅专题：医疗保障" in client.get("/console/pushes").get_data(as_text=True)


def test_the_count_says_how_many_get_it_as_a_mini_program_subscribe_message(client, network, wechat):
    _people(network, wechat)
    registered(network, "A2a", 4, miniapp_openid="mTappedA2")
    grant_notice_taps(1, miniapp_openid="mTappedA2")
    db.session.commit()
    login(client, "broadcaster_a")
    form = _form(client) | {"text": "优待证申领开始。", "station_ids": str(network.station("A").id)}
    counted = client.post("/console/pushes/new", data=form | {"action": "count"}).get_data(as_text=True)
    assert "将推送给 <strong>3</strong> 人（共涉及 5 人）" in counted
    assert "其中 1 人仅使用小程序，以小程序订阅消息收到" in counted
    assert "仅使用小程序且未允许订阅消息：1 人" in counted
