import pytest
from sqlalchemy import select

from models import PolicyTopic
from server.operations.policies.subscriptions import default_topics
from tests.support.network import csrf_token, login
from tests.support.policies import topic


def test_admins_add_and_retire_topics(client, network, db):
    login(client, "admin_c")
    url = "/console/policy-topics"
    token = csrf_token(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token, "name": "优待证"}).status_code == 302
    topic = db.session.scalars(select(PolicyTopic).filter_by(name="优待证")).one()
    assert topic.active
    duplicate = client.post(url, data={"csrf_token": token, "name": "优待证"})
    assert "已有名为“优待证”的专题" in duplicate.get_data(as_text=True)
    client.post(f"{url}/{topic.id}/disable", data={"csrf_token": token})
    db.session.expire_all()
    assert not db.session.get(PolicyTopic, topic.id).active
    assert "优待证" not in client.get("/console/policies/new").get_data(as_text=True)


@pytest.mark.parametrize("username", ["admin_a", "broadcaster_c", "supervisor_c"])
def test_only_admins_at_the_top_keep_topics(client, network, username):
    login(client, username)
    assert client.get("/console/policy-topics").status_code == 403


def test_admins_set_each_categorys_default_topics(client, network, db):
    jobs, health = topic("就业创业"), topic("优抚待遇")
    db.session.commit()
    login(client, "admin_c")
    page = client.get("/console/policy-topics").get_data(as_text=True)
    assert "默认订阅" in page and 'aria-label="退役士兵：就业创业"' in page
    token = csrf_token(page)
    data = {"csrf_token": token, "category-1": [str(jobs.id), str(health.id)], "category-2": str(health.id)}
    answer = client.post("/console/policy-topics/defaults", data=data, follow_redirects=True)
    assert "已保存各类人员的默认订阅专题" in answer.get_data(as_text=True)
    assert [t.id for t in default_topics(1)] == [jobs.id, health.id]
    assert [t.id for t in default_topics(2)] == [health.id]
    client.post("/console/policy-topics/defaults", data={"csrf_token": token, "category-1": str(jobs.id)})
    assert [t.id for t in default_topics(1)] == [jobs.id] and default_topics(2) == []


def test_a_retired_topic_cannot_be_a_default(client, network, db):
    retired = topic("就业创业")
    retired.active = False
    db.session.commit()
    login(client, "admin_c")
    token = csrf_token(client.get("/console/policy-topics").get_data(as_text=True))
    data = {"csrf_token": token, "category-1": str(retired.id)}
    answer = client.post("/console/policy-topics/defaults", data=data, follow_redirects=True)
    assert "所选专题不存在或已停用" in answer.get_data(as_text=True) and default_topics(1) == []
