import io

import pytest
from PIL import Image
from sqlalchemy import select, text

from models import Attachment, RequestCategory
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.service_requests.attachments import attach_media, content_of, upload_attachment
from server.operations.service_requests.filing import Person, file_request
from server.sandbox.api.media import add_media

PERSON = Actor.person("张三")


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def request_(db, network):
    category = db.session.execute(select(RequestCategory).filter_by(name="困难帮扶")).scalar_one()
    filed = file_request(
        Person(openid="oAtt"),
        category,
        "家里房子漏雨需要帮助",
        "chat",
        PERSON,
        station=network.station("A1a"),
    )
    db.session.commit()
    return filed


def test_an_uploaded_photo_is_stored_encrypted(db, request_):
    data = jpeg()
    attachment = upload_attachment(request_, "image", data, PERSON)
    db.session.commit()
    assert (attachment.state, attachment.content_type, attachment.size) == ("stored", "image/jpeg", len(data))
    assert content_of(request_, attachment.id)[1] == data
    raw = db.session.execute(text("SELECT data FROM attachment_content")).scalar_one()
    assert data not in bytes(raw)


def test_a_file_that_is_not_what_it_claims_is_refused(db, request_):
    with pytest.raises(DomainError, match="格式"):
        upload_attachment(request_, "image", b"MZ\x90\x00 an executable", PERSON)


def test_a_photo_sent_in_chat_is_fetched_from_wechat_by_a_job(db, request_, sandbox, jobs):
    data = jpeg()
    with sandbox.app_context():
        media_id = add_media("image", data)
    attachment = attach_media(request_, "image", media_id, PERSON)
    db.session.commit()
    assert attachment.state == "pending"
    jobs.run()
    stored = db.session.get(Attachment, attachment.id)
    assert stored.state == "stored"
    assert content_of(request_, stored.id)[1] == data


def test_media_wechat_no_longer_has_is_marked_failed(db, request_, wechat, jobs):
    attachment = attach_media(request_, "voice", "expired-media-id", PERSON)
    db.session.commit()
    jobs.run()
    failed = db.session.get(Attachment, attachment.id)
    assert failed.state == "failed" and "40007" in failed.error


def test_nothing_is_attached_to_a_closed_request_or_of_an_unknown_kind(db, request_):
    with pytest.raises(DomainError, match="图片、语音或PDF"):
        upload_attachment(request_, "spreadsheet", jpeg(), PERSON)
    request_.state = "closed"
    with pytest.raises(DomainError, match="已办结或关闭"):
        upload_attachment(request_, "image", jpeg(), PERSON)
