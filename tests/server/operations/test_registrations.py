from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models import AuditEntry, InboundMessage, Notification, ServiceRequest, Veteran
from server.operations.core.audit import Actor
from server.operations.core.errors import InvalidState
from server.operations.core.personal_data import mask_address, mask_id, mask_mobile
from server.operations.service_requests.filing import Person, file_request
from server.operations.veterans.registrations import (
    ValidationFailed,
    approve_registration,
    carry_out_deletions,
    confirm_deletion,
    request_deletion,
    return_registration,
    reveal,
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.requests import category
from tests.support.veterans import id_number, values

ACTOR = Actor(None, "审核员")


@pytest.fixture
def village(network):
    return network.station("A1a")


def test_a_complete_registration_is_submitted_with_birth_date_and_sex_from_the_id(db, village):
    veteran = start_registration("chat", openid="oVet1")
    update_registration(veteran, values(village.id, serial=3))
    submit_registration(veteran)
    assert veteran.state == "submitted"
    assert veteran.birth_date == date(1980, 1, 1) and veteran.sex == "M" and veteran.mobile_tail == "8000"


def test_wrong_check_digits_and_impossible_dates_are_named(db, village):
    veteran = start_registration("chat")
    bad_id = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as caught:
        update_registration(
            veteran, values(village.id, id_number=bad_id, mobile="12345", enlisted_on="2001-02-30")
        )
    assert set(caught.value.fields) == {"id_number", "mobile", "enlisted_on"}
    assert "校验码" in caught.value.fields["id_number"]
    with pytest.raises(ValidationFailed) as caught:
        update_registration(
            veteran, values(village.id, enlisted_on=date(2005, 1, 1), discharged_on=date(2004, 1, 1))
        )
    assert "晚于入伍日期" in caught.value.fields["discharged_on"]
    with pytest.raises(ValidationFailed) as caught:
        update_registration(veteran, values(village.id, enlisted_on=date(1985, 1, 1)))
    assert "年满16周岁" in caught.value.fields["enlisted_on"]


def test_a_second_registration_with_the_same_id_is_refused_without_saying_whose(db, village, network):
    first = start_registration("chat")
    update_registration(first, values(village.id, name="甲某"))
    second = start_registration("miniapp")
    update_registration(second, {"station_id": network.station("A1b").id})
    with pytest.raises(ValidationFailed) as caught:
        update_registration(second, {"id_number": id_number()})
    message = caught.value.fields["id_number"]
    assert "已经登记过" in message and "甲一乙村站" in message and "甲某" not in message


def test_family_members_need_no_service_dates(db, village):
    veteran = start_registration("chat")
    update_registration(
        veteran,
        {
            k: v
            for k, v in values(village.id, category_id=6).items()
            if k not in ("branch", "enlisted_on", "discharged_on")
        },
    )
    assert submit_registration(veteran).state == "submitted"


def test_incomplete_registrations_cannot_be_submitted(db, village):
    veteran = start_registration("chat")
    update_registration(veteran, {"name": "李四"})
    with pytest.raises(ValidationFailed) as caught:
        submit_registration(veteran)
    assert "id_number" in caught.value.fields and "station_id" in caught.value.fields


def test_review_moves_state_and_tells_the_person(db, village):
    veteran = start_registration("chat", openid="oVet2")
    update_registration(veteran, values(village.id))
    submit_registration(veteran)
    with pytest.raises(Exception, match="退回原因"):
        return_registration(veteran, "", ACTOR)
    return_registration(veteran, "户籍地址与身份证不一致", ACTOR)
    assert veteran.state == "returned"
    with pytest.raises(InvalidState):
        approve_registration(veteran, ACTOR)
    update_registration(veteran, {"hukou_address": "浙江省杭州市西湖区甲一甲村2号"})
    submit_registration(veteran)
    approve_registration(veteran, ACTOR)
    notices = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [n.kind for n in notices] == ["registration_result", "registration_result"]
    assert "户籍地址与身份证不一致" in notices[0].text and "审核通过" in notices[1].text


def test_personal_data_is_encrypted_at_rest_and_masked(db, village):
    veteran = start_registration("chat")
    update_registration(veteran, values(village.id))
    db.session.commit()
    raw = db.session.execute(db.text("SELECT id_number, mobile, hukou_address FROM veteran")).one()
    assert (
        id_number() not in "".join(raw)
        and "13800138000" not in "".join(raw)
        and "甲一甲村" not in "".join(raw)
    )
    assert mask_id(veteran.id_number) == "110105********" + id_number()[-4:]
    assert mask_mobile(veteran.mobile) == "138****8000"
    assert mask_address(veteran.hukou_address) == "浙江省杭州市****"


def test_unmasking_is_audited_without_the_values(db, village):
    veteran = start_registration("chat")
    update_registration(veteran, values(village.id))
    assert reveal(veteran, ["id_number", "mobile"], ACTOR)["mobile"] == "13800138000"
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veteran.unmask")).one()
    assert entry.detail == {"fields": ["id_number", "mobile"]} and "13800138000" not in str(entry.detail)


def test_deletion_is_confirmed_then_carried_out_leaving_only_an_audit_entry(db, village):
    veteran = start_registration("chat")
    update_registration(veteran, values(village.id))
    request_deletion(veteran)
    confirm_deletion(veteran, ACTOR, today=date(2026, 1, 1))
    assert carry_out_deletions(date(2026, 1, 15)) == 0
    assert carry_out_deletions(date(2026, 1, 16)) == 1
    assert db.session.scalars(select(Veteran)).all() == []
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veteran.deleted")).one()
    assert entry.target_id == str(veteran.id) and "张建国" not in str(entry.detail)


def test_a_deleted_registration_leaves_its_requests_unlinked_and_its_chat_blanked(db, village, deliver, push):
    deliver(push.text("oDeleteMe", id_number()))  # typed into a dialog once
    veteran = start_registration("chat", openid="oDeleteMe")
    update_registration(veteran, values(village.id))
    filed = file_request(
        Person(veteran=veteran, openid="oDeleteMe"), category("困难帮扶"), "申请临时救助金", "chat", ACTOR
    )
    request_deletion(veteran)
    confirm_deletion(veteran, ACTOR, today=date(2026, 1, 1))
    assert carry_out_deletions(date(2026, 1, 16)) == 1
    kept = db.session.get(ServiceRequest, filed.id)
    assert (kept.veteran_id, kept.openid, kept.content) == (None, None, "申请临时救助金")
    inbound = db.session.scalars(select(InboundMessage)).one()
    assert (inbound.openid, inbound.body) == (None, None)


def test_a_copy_of_the_database_file_shows_no_id_number_phone_or_address(db, village, settings):
    if not settings.embedded_database:
        pytest.skip("reads the SQLite file itself; on PostgreSQL the columns are checked above")
    veteran = start_registration("chat", openid="oFile")
    update_registration(veteran, values(village.id, serial=7))
    db.session.commit()
    path = settings.database_url.removeprefix("sqlite:///")
    raw = b"".join(Path(p).read_bytes() for p in (path, path + "-wal") if Path(p).exists())
    for secret in (id_number(serial=7), "13800138000", "甲一甲村1号"):
        assert secret.encode() not in raw
    assert "张建国".encode() in raw  # the name is not encrypted: the file really was read
