import pytest
from sqlalchemy import select

from models import PolicyTopic
from tests.support.network import csrf_token, login


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
