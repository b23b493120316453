import pytest

from models import VeteranCategory
from server.operations.core.audit import Actor
from server.operations.policies.subscriptions import set_default_topics, set_subscriptions
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import start_registration
from tests.server.api.support import error_of, form
from tests.support.policies import topic


@pytest.fixture
def topics(db):
    made = [topic(name) for name in ("就业创业", "优抚待遇", "医疗保障")]
    db.session.commit()
    return made


def test_a_mini_program_user_reads_and_sets_their_topics(client, login, topics):
    headers = login("mSubApi1")
    read = client.get("/api/v1/subscriptions", headers=headers).get_json()
    assert read["topic_ids"] == [] and read["monthly_limit"] == 4
    assert [(t["name"], t["subscribed"]) for t in read["topics"]] == [
        ("就业创业", False),
        ("优抚待遇", False),
        ("医疗保障", False),
    ]
    ids = [topics[2].id, topics[0].id, topics[0].id]
    saved = client.put("/api/v1/subscriptions", json={"topic_ids": ids}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["topic_ids"] == [topics[0].id, topics[2].id]
    again = client.get("/api/v1/subscriptions", headers=headers).get_json()
    assert [t["subscribed"] for t in again["topics"]] == [True, False, True]
    cleared = client.put("/api/v1/subscriptions", json={"topic_ids": []}, headers=headers)
    assert cleared.get_json()["topic_ids"] == []


def test_unknown_topics_and_bad_bodies_are_refused_by_field(client, login, topics):
    headers = login("mSubApi2")
    unknown = client.put("/api/v1/subscriptions", json={"topic_ids": [topics[0].id, 99]}, headers=headers)
    assert unknown.status_code == 422
    assert error_of(unknown)["fields"] == {"topic_ids": "所选专题不存在或已停用：99"}
    for body in ({"topic_ids": "1"}, {"topic_ids": [0]}, {}, {"topic_ids": [1], "x": 1}):
        response = client.put("/api/v1/subscriptions", json=body, headers=headers)
        assert response.status_code == 422 and error_of(response)["code"] == "validation_failed", body
    assert client.get("/api/v1/subscriptions", headers=headers).get_json()["topic_ids"] == []


def test_without_a_session_nothing_is_read(client):
    assert client.get("/api/v1/subscriptions").status_code == 401


def test_registering_in_the_mini_program_gives_the_categorys_defaults(client, login, db, network, topics):
    set_default_topics(db.session.get(VeteranCategory, 1), [topics[1].id], Actor.system("test"))
    db.session.commit()
    headers = login("mSubApi3")
    body = {"consent_version": PRIVACY_VERSION, **form(network.station("A1a").id)}
    assert client.put("/api/v1/profile", json=body, headers=headers).status_code == 201
    assert client.post("/api/v1/profile/submit", headers=headers).status_code == 200
    assert client.get("/api/v1/subscriptions", headers=headers).get_json()["topic_ids"] == [topics[1].id]


def test_the_chat_choice_is_the_mini_programs_once_linked(client, login, db, topics):
    start_registration("chat", openid="oSubApi4", miniapp_openid="mSubApi4_mp")  # the sandbox's suffix
    set_subscriptions([topics[0].id], openid="oSubApi4")
    db.session.commit()
    headers = login("mSubApi4")
    assert client.get("/api/v1/subscriptions", headers=headers).get_json()["topic_ids"] == [topics[0].id]


def test_the_taps_on_the_policy_notice_add_up_and_are_shown(client, login, topics):
    headers = login("mSubApi5")
    assert client.get("/api/v1/subscriptions", headers=headers).get_json()["policy_notice_taps"] == 0
    chosen = {"topic_ids": [topics[0].id], "policy_notice_taps_granted": 1}
    once = client.put("/api/v1/subscriptions", json=chosen, headers=headers)
    assert once.status_code == 200 and once.get_json()["policy_notice_taps"] == 1
    chosen["policy_notice_taps_granted"] = 2
    twice = client.put("/api/v1/subscriptions", json=chosen, headers=headers)
    assert twice.get_json()["policy_notice_taps"] == 3
    without = client.put("/api/v1/subscriptions", json={"topic_ids": []}, headers=headers)
    assert without.get_json()["policy_notice_taps"] == 3  # no tap reported: none added
    for taps in (-1, 4, 1.5, True, "2"):
        body = {"topic_ids": [], "policy_notice_taps_granted": taps}
        refused = client.put("/api/v1/subscriptions", json=body, headers=headers)
        assert refused.status_code == 422, taps
        assert set(error_of(refused)["fields"]) == {"policy_notice_taps_granted"}
    assert client.get("/api/v1/subscriptions", headers=headers).get_json()["policy_notice_taps"] == 3
