"""Composing pushes: what a composer may send to whom, and states changed once."""

import pytest

from models import db
from server.operations.core.errors import DomainError, InvalidState
from server.operations.pushes.pushes import (
    cancel_push,
    compose_push,
    pushable_articles,
    pushes_for,
    submit_push,
)
from tests.support.network import username_for
from tests.support.policies import write_article
from tests.support.pushes import push_for


def _refusal(network, role="broadcaster", code="A", **values):
    with pytest.raises(DomainError) as refused:
        push_for(network, role=role, code=code, **values)
    db.session.rollback()
    return refused.value.message


def test_what_a_composer_may_not_send(network):
    assert "市级账号" in _refusal(network, all=True)
    assert "管辖范围" in _refusal(network, all=False, station_ids=[network.station("B").id])
    assert "请选择推送对象" in _refusal(network, all=False)
    assert "不能再按站点" in _refusal(network, code="C", all=True, station_ids=[network.station("B").id])
    assert "只能选一种" in _refusal(network, code="C", article_id=1)
    assert "请选择一篇政策" in _refusal(network, code="C", text=" ")
    assert "600" in _refusal(network, code="C", text="通" * 601)
    draft = write_article(network, None)
    assert "已发布且未失效" in _refusal(network, code="C", text=None, article_id=draft.id)


def test_below_the_top_an_audience_stays_in_the_composer_s_subtree(network):
    push = push_for(network, code="A", all=False, category_ids=[1])
    assert push.audience["station_ids"] == [network.station("A").id] and push.audience["category_ids"] == [1]
    assert push.state == "awaiting_approval"
    others = db.session.scalars(pushes_for(network.staff(username_for("broadcaster", "B")))).all()
    assert others == [] and db.session.scalars(pushes_for(network.staff("admin_c"))).all() == [push]


def test_the_same_form_twice_makes_one_push_and_a_state_changes_once(network):
    first = push_for(network, token="same", submit=False)
    assert push_for(network, token="same") is first and first.state == "draft"
    composer = network.staff(username_for("broadcaster", "C"))
    submit_push(first, composer)
    with pytest.raises(InvalidState):
        submit_push(first, composer)
    first.state = "sending"  # a worker started it meanwhile
    with pytest.raises(InvalidState):
        cancel_push(first, composer)
    assert first.state == "sending"


def test_with_the_setting_off_a_broadcaster_s_push_needs_no_approval(network, configure):
    configure(push_approval_required=False)
    push = compose_push({"text": "通知", "all": True}, network.staff("broadcaster_c"), "t-off")
    assert push.state == "scheduled" and push.approved_by_id == network.staff("broadcaster_c").id


def test_a_county_pushes_network_wide_and_its_own_articles_not_another_county_s(network):
    everyone = write_article(network, None, published=True, title="全网政策")
    ours = write_article(network, "A1", published=True, title="甲一街道政策")
    theirs = write_article(network, "B", published=True, title="乙区政策")
    db.session.commit()  # a refusal below rolls back
    county = network.staff(username_for("broadcaster", "A"))
    titles = {row.title for row in db.session.execute(pushable_articles(county))}
    assert titles == {"全网政策", "甲一街道政策"}
    for article in (everyone, ours):
        push_for(
            network,
            code="A",
            all=False,
            category_ids=[1],
            text=None,
            article_id=article.id,
            token=f"a-{article.id}",
        )
    assert "适用于您管辖范围" in _refusal(
        network, all=False, category_ids=[1], text=None, article_id=theirs.id
    )
    village = network.staff(username_for("broadcaster", "A1a"))
    assert {row.title for row in db.session.execute(pushable_articles(village))} == {
        "全网政策",
        "甲一街道政策",
    }
