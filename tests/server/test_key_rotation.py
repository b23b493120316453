import base64

import pytest
from sqlalchemy import select

from models import ServiceRequest, Veteran
from server import create_app
from server.operations.core.audit import Actor
from server.operations.core.free_text import originals_of
from server.operations.veterans.ledger_import import import_ledger
from server.operations.veterans.registrations import (
    ValidationFailed,
    registration_for,
    start_registration,
    update_registration,
)
from tests.server.operations.test_ledger_import import HEADER, MAPPING, person, table
from tests.support.requests import file
from tests.support.veterans import id_number, values

NEW_KEY = base64.urlsafe_b64encode(b"a-brand-new-data-key-32-bytes-xx").decode()


def test_rotating_the_data_key_keeps_every_record_readable(app, settings, network, db):
    veteran = start_registration("chat", openid="oRotate")
    update_registration(veteran, values(network.station("A1a").id))
    db.session.commit()
    old_ciphertext = db.session.execute(db.text("SELECT id_number FROM veteran")).scalar()
    db.session.remove()

    rotating = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=settings.data_key))
    with rotating.app_context():  # the test's own app context would otherwise be the command's
        result = rotating.test_cli_runner().invoke(args=["data", "rotate-key"])
        db.session.remove()
    assert result.exit_code == 0, result.output
    assert "veteran: id_number, mobile, hukou_address, residence_address re-encrypted" in result.output

    rotated = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=None))
    with rotated.app_context():
        row = db.session.scalars(select(Veteran)).one()
        assert row.id_number == id_number() and row.mobile == "13800138000"
        assert db.session.execute(db.text("SELECT id_number FROM veteran")).scalar() != old_ciphertext
        assert registration_for(openid="oRotate").id == row.id
        # the keyed lookup hash moved to the new key: a duplicate is still caught
        with pytest.raises(ValidationFailed, match="已经登记过"):
            update_registration(start_registration("chat"), {"id_number": id_number()})
        db.session.rollback()
        db.session.remove()


def test_a_ledger_imported_before_a_rotation_is_still_recognised_after_it(app, settings, network, db):
    rows = table(person(1), person(2))
    import_ledger(HEADER, rows, MAPPING, network.station("A1"), Actor(None, "导入员"), False, "台账.xlsx")
    db.session.commit()
    station_id = network.station("A1").id
    db.session.remove()
    rotating = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=settings.data_key))
    with rotating.app_context():
        assert rotating.test_cli_runner().invoke(args=["data", "rotate-key"]).exit_code == 0
        db.session.remove()
    rotated = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=None))
    with rotated.app_context():
        station = db.session.get(type(network.station("A1")), station_id)
        report = import_ledger(HEADER, rows, MAPPING, station, Actor(None, "导入员"), False, "台账.xlsx")
        assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
        db.session.rollback()
        db.session.remove()


def test_free_text_as_typed_is_re_encrypted_too(app, settings, network, db):
    request = file(network, content="请联系我，电话13912345678")
    db.session.commit()
    request_id = request.id
    old_ciphertext = db.session.execute(db.text("SELECT text FROM original_text")).scalar()
    db.session.remove()
    rotating = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=settings.data_key))
    with rotating.app_context():
        result = rotating.test_cli_runner().invoke(args=["data", "rotate-key"])
        db.session.remove()
    assert "original_text: text re-encrypted" in result.output
    rotated = create_app(settings.replace(data_key=NEW_KEY, data_key_previous=None))
    with rotated.app_context():
        request = db.session.get(ServiceRequest, request_id)
        assert originals_of([request])(request, "content") == "请联系我，电话13912345678"
        assert db.session.execute(db.text("SELECT text FROM original_text")).scalar() != old_ciphertext
        db.session.remove()
