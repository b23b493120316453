import io

import pytest
from PIL import Image
from sqlalchemy import select

from models import Attachment, AuditEntry, RequestCategory, ServiceRequest
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import csrf_token, login
from tests.support.veterans import values

URL = "/console/requests/new"


def _category(db, name):
    return db.session.execute(select(RequestCategory).filter_by(name=name)).scalar_one()


@pytest.fixture
def veterans(network, db):
    """张大山 of 甲一甲村 (with WeChat) and 张小川 of 乙一甲村, in another county."""
    people = {}
    for serial, (code, name, openid) in enumerate([("A1a", "张大山", "oVet1"), ("B1a", "张小川", None)], 1):
        veteran = start_registration("chat", openid=openid)
        update_registration(veteran, values(network.station(code).id, serial=serial, name=name))
        submit_registration(veteran)
        people[name] = veteran
    db.session.commit()
    return people


def _form(client, db, url=URL, **fields):
    data = {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "channel": "phone",
        "category_id": _category(db, "困难帮扶").id,
        "content": "老人独居，冬天取暖有困难，请求帮扶",
    }
    return data | fields


def _requests(db):
    return db.session.scalars(select(ServiceRequest).order_by(ServiceRequest.id)).all()


@pytest.mark.parametrize("channel", ["phone", "walkin", "letter"])
def test_filing_for_a_registered_veteran_records_the_channel_and_the_filer(
    client, network, db, veterans, channel
):
    veteran = veterans["张大山"]
    login(client, "clerk_a1")
    url = f"{URL}?veteran_id={veteran.id}"
    page = client.get(url).get_data(as_text=True)
    assert "张大山" in page and f'selected value="{network.station("A1a").id}"' in page  # their station
    data = _form(
        client, db, url, channel=channel, veteran_id=veteran.id, station_id=network.station("A1a").id
    )
    response = client.post(URL, data=data)
    [filed] = _requests(db)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/console/requests/{filed.id}"
    )
    assert (filed.channel, filed.filed_by_id) == (channel, network.staff("clerk_a1").id)
    assert (filed.veteran_id, filed.openid, filed.person_name) == (veteran.id, "oVet1", "张大山")
    assert filed.station.code == "A1a" and filed.assignee.username == "clerk_a1a"
    entry = db.session.scalars(select(AuditEntry).filter_by(action="request.file")).one()
    assert entry.actor_id == network.staff("clerk_a1").id and entry.detail["channel"] == channel


def test_someone_not_registered_is_filed_by_name_at_the_chosen_station(client, network, db):
    login(client, "head_a1")
    data = _form(client, db, channel="walkin", person_name="赵六", station_id=network.station("A1b").id)
    data["title"] = "取暖困难"
    assert client.post(URL, data=data).status_code == 302
    [filed] = _requests(db)
    assert (filed.person_name, filed.veteran_id, filed.openid) == ("赵六", None, None)
    assert (filed.station.code, filed.title, filed.channel) == ("A1b", "取暖困难", "walkin")


def test_a_bad_form_keeps_what_was_typed_and_shows_the_message(client, network, db):
    login(client, "clerk_a1")
    data = _form(
        client, db, title="取暖困难", content="", person_name="赵六", station_id=network.station("A1").id
    )
    body = client.post(URL, data=data).get_data(as_text=True)
    assert "请填写诉求内容" in body and 'value="赵六"' in body and 'value="取暖困难"' in body
    data = _form(client, db, title="取暖困难", station_id=network.station("A1").id)
    body = client.post(URL, data=data).get_data(as_text=True)
    assert "请填写姓名" in body and "老人独居，冬天取暖有困难，请求帮扶</textarea>" in body
    data = _form(client, db, content="太短", person_name="赵六", station_id=network.station("A1").id)
    assert "诉求内容请写5-2000字" in client.post(URL, data=data).get_data(as_text=True)
    assert _requests(db) == []


def test_a_duplicate_shows_the_open_request_and_is_filed_only_when_asked(client, network, db, veterans):
    veteran = veterans["张大山"]
    login(client, "clerk_a1")
    fields = {"veteran_id": veteran.id, "station_id": network.station("A1a").id}
    client.post(URL, data=_form(client, db, **fields))
    [first] = _requests(db)
    body = client.post(URL, data=_form(client, db, **fields, title="又一次")).get_data(as_text=True)
    assert f'<a href="/console/requests/{first.id}">{first.number}</a>' in body and "仍然新建" in body
    assert 'value="又一次"' in body and len(_requests(db)) == 1
    assert client.post(URL, data=_form(client, db, **fields, allow_duplicate="y")).status_code == 302
    assert len(_requests(db)) == 2


def test_the_person_search_finds_only_veterans_in_scope(client, network, db, veterans):
    login(client, "clerk_a1")
    body = client.get(f"{URL}?find=张").get_data(as_text=True)
    assert "张大山" in body and "张小川" not in body
    assert f"veteran_id={veterans['张大山'].id}" in body
    assert client.get(f"{URL}?veteran_id={veterans['张小川'].id}").status_code == 404


def test_a_veteran_or_station_out_of_scope_is_not_found_and_nothing_is_filed(client, network, db, veterans):
    login(client, "clerk_a1")
    foreign = _form(client, db, veteran_id=veterans["张小川"].id, station_id=network.station("A1").id)
    assert client.post(URL, data=foreign).status_code == 404
    sibling = _form(client, db, person_name="赵六", station_id=network.station("A2").id)
    assert client.post(URL, data=sibling).status_code == 404
    assert _requests(db) == []


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_attachments_are_stored_and_a_bad_one_files_nothing(client, network, db):
    login(client, "clerk_a1")
    station = network.station("A1").id
    bad = _form(client, db, person_name="赵六", station_id=station)
    bad["attachments"] = [(io.BytesIO(_png()), "photo.png"), (io.BytesIO(b"plain text"), "note.txt")]
    body = client.post(URL, data=bad, content_type="multipart/form-data").get_data(as_text=True)
    assert "note.txt：不支持这种文件格式" in body and _requests(db) == []
    good = _form(client, db, person_name="赵六", station_id=station)
    good["attachments"] = [(io.BytesIO(_png()), "photo.png"), (io.BytesIO(b"%PDF-1.4\n%%EOF"), "letter.pdf")]
    assert client.post(URL, data=good, content_type="multipart/form-data").status_code == 302
    [filed] = _requests(db)
    kinds = db.session.scalars(select(Attachment.kind).filter_by(request_id=filed.id, state="stored")).all()
    assert sorted(kinds) == ["file", "image"]


def test_a_petition_filed_at_a_village_goes_to_the_county_and_the_filer_is_told(client, network, db):
    login(client, "clerk_a1a")
    data = _form(
        client,
        db,
        category_id=_category(db, "信访/投诉").id,
        person_name="赵六",
        station_id=network.station("A1a").id,
    )
    response = client.post(URL, data=data, follow_redirects=True)
    [filed] = _requests(db)
    assert filed.station.code == "A" and filed.channel == "phone"
    assert f"已登记诉求 {filed.number}，按类别由甲区中心办理" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["broadcaster"])
def test_only_those_who_handle_requests_file_them(client, network, role):
    login(client, f"{role}_a1")
    assert client.get(URL).status_code == 403
