import pytest
from sqlalchemy import select

from models import AuditEntry, RequestCategory
from server.operations.core.audit import Actor
from server.operations.core.errors import Conflict, DomainError, InvalidState
from server.operations.service_requests.canned_answers import (
    canned_answers_for,
    fill_placeholders,
    retire_canned_answer,
    save_canned_answer,
)
from server.operations.service_requests.filing import Person, file_request

ACTOR = Actor.system("test")


def answer(network, code, title, body="您好，已收到您的诉求，我们会尽快办理。"):
    return save_canned_answer(None, {"title": title, "body": body}, network.station(code), ACTOR)


def titles(network, username):
    return [a.title for a in canned_answers_for(network.staff(username))]


def test_a_station_sees_its_own_answers_and_those_above_it_by_title(db, network):
    for code, title in (("C", "市级答复"), ("A", "区级答复"), ("A1", "街道答复"), ("A1a", "村级答复")):
        answer(network, code, title)
    answer(network, "A2", "兄弟街道答复")
    answer(network, "B", "乙区答复")
    assert titles(network, "clerk_a1a") == sorted(["市级答复", "区级答复", "街道答复", "村级答复"])
    assert titles(network, "clerk_a1") == sorted(["市级答复", "区级答复", "街道答复"])
    assert titles(network, "clerk_c") == ["市级答复"]  # the city does not see its villages' own answers


def test_a_retired_answer_leaves_the_library_and_is_on_record(db, network):
    kept, retired = answer(network, "A1", "保留"), answer(network, "A1", "停用")
    retire_canned_answer(retired, ACTOR)
    assert [a.id for a in canned_answers_for(network.staff("clerk_a1a"))] == [kept.id]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.target_type == "canned_answer").order_by(AuditEntry.id)
    ).all()
    assert actions == ["canned_answer.create", "canned_answer.create", "canned_answer.retire"]
    with pytest.raises(InvalidState):
        retire_canned_answer(retired, ACTOR)


def test_editing_changes_the_answer_and_is_audited(db, network):
    saved = answer(network, "A1", "初稿")
    save_canned_answer(saved, {"title": "定稿", "body": "{姓名}您好，已办结。"}, network.station("A1"), ACTOR)
    assert (saved.title, saved.body) == ("定稿", "{姓名}您好，已办结。")
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.detail["title"]) == ("canned_answer.update", "定稿")


def test_a_station_cannot_hold_two_active_answers_of_the_same_title(db, network):
    first = answer(network, "A1", "同名")
    with pytest.raises(Conflict) as refused:
        answer(network, "A1", "同名")
    assert refused.value.details["field"] == "title"
    assert answer(network, "A2", "同名").station_id != first.station_id  # another station may
    retire_canned_answer(first, ACTOR)
    assert answer(network, "A1", "同名").active  # and a retired title is free again


@pytest.mark.parametrize(
    ("values", "field"),
    [({"title": "", "body": "足够长的答复内容"}, "title"), ({"title": "标题", "body": "短"}, "body")],
)
def test_a_bad_answer_is_refused_naming_its_field(db, network, values, field):
    with pytest.raises(DomainError) as refused:
        save_canned_answer(None, values, network.station("A1"), ACTOR)
    assert refused.value.details["field"] == field


def test_placeholders_are_filled_from_the_request_and_unknown_braces_stay(db, network):
    category = db.session.execute(select(RequestCategory).filter_by(name="困难帮扶")).scalar_one()
    request = file_request(
        Person(openid="oCanned", name="李四"),
        category,
        "家里老人生病，需要帮扶",
        "chat",
        Actor.person("李四"),
        station=network.station("A1a"),
    )
    body = "{姓名}您好：诉求{编号}（{类别}）由{站点}办理。{电话}请留意{"
    assert fill_placeholders(body, request) == (
        f"李四您好：诉求{request.number}（困难帮扶）由甲一甲村站办理。{{电话}}请留意{{"
    )
    request.person_name = None
    assert fill_placeholders("{姓名}好", request) == "您好"
