import io
import os
import shutil
import zipfile
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from models import AuditEntry, CalendarDay, Station
from models.types import utcnow
from server.documents import posters
from server.timezone import local_date
from tests.support.network import csrf_token, login


def installed_font():
    """A Chinese font file on this machine; without one the poster tests skip (and fail on CI)."""
    path = next((p for p in posters.FONT_CANDIDATES if os.path.isfile(p)), None)
    if path is None:
        message = "no Chinese font for posters (.ci/run installs fonts-wqy-microhei)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def require_poster_font():
    installed_font()


def _form(client, url):
    return csrf_token(client.get(url).get_data(as_text=True))


def test_a_head_edits_their_station_and_it_is_audited(client, network, db):
    login(client, "head_a1")
    station = network.station("A1a")
    url = f"/console/stations/{station.id}"
    response = client.post(
        url,
        data={
            "csrf_token": _form(client, url),
            "name": "甲一甲村退役军人服务站",
            "phone": "0571-12345678",
            "hours": "09:00-12:00",
            "address": "村委会",
        },
    )
    assert response.status_code == 302
    assert db.session.get(Station, station.id).name == "甲一甲村退役军人服务站"
    head = network.staff("head_a1")
    entry = db.session.scalars(select(AuditEntry).filter_by(action="station.update", actor_id=head.id)).one()
    assert entry.target_id == str(station.id) and "name" in entry.detail["fields"]


def test_bad_values_are_shown_on_the_form(client, network):
    login(client, "head_a1")
    url = f"/console/stations/{network.station('A1a').id}"
    response = client.post(url, data={"csrf_token": _form(client, url), "name": "x", "hours": "all day"})
    assert response.status_code == 200
    assert "办公时间格式如" in response.get_data(as_text=True)


def test_a_clerk_may_look_but_not_edit(client, network):
    login(client, "clerk_a1a")
    url = f"/console/stations/{network.station('A1a').id}"
    page = client.get(url)
    assert page.status_code == 200 and 'name="hours"' not in page.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": _form(client, url), "name": "改名"})
    assert response.status_code == 403


def test_closures_close_the_station_for_those_days(client, network, db):
    login(client, "head_a1")
    station = network.station("A1a")
    url = f"/console/stations/{station.id}"
    today = local_date(utcnow())
    client.post(
        f"{url}/closures",
        data={
            "csrf_token": _form(client, url),
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=1)).isoformat(),
            "reason": "装修",
        },
    )
    assert "不办公：装修" in client.get(url).get_data(as_text=True)
    bad = client.post(
        f"{url}/closures",
        data={
            "csrf_token": _form(client, url),
            "starts_on": "2030-01-02",
            "ends_on": "2030-01-01",
            "reason": "x",
        },
        follow_redirects=True,
    )
    assert "结束日期不能早于开始日期" in bad.get_data(as_text=True)


def test_a_new_station_goes_one_level_below(client, network, db):
    login(client, "head_a1")
    parent = network.station("A1")
    url = f"/console/stations/{parent.id}/children/new"
    response = client.post(url, data={"csrf_token": _form(client, url), "code": "A1c", "name": "甲一丙村站"})
    assert response.status_code == 302
    created = db.session.scalars(select(Station).filter_by(code="A1c")).one()
    assert created.level == "village" and created.path.startswith(parent.path)


def test_qr_codes_are_made_through_wechat_and_posters_printed(client, network, wechat, jobs, db):
    require_poster_font()
    login(client, "head_a1")
    township = network.station("A1")
    url = f"/console/stations/{township.id}"
    assert client.post(f"{url}/qrcodes", data={"csrf_token": _form(client, url)}).status_code == 302
    jobs.run()
    made = wechat.outbox(path="/cgi-bin/qrcode/create")
    assert sorted(e["body"]["action_info"]["scene"]["scene_str"] for e in made) == [
        "st:A1",
        "st:A1a",
        "st:A1b",
    ]
    png = client.get(f"{url}/poster.png")
    assert png.mimetype == "image/png" and Image.open(io.BytesIO(png.data)).size == (1240, 1754)
    pdf = client.get(f"{url}/poster.pdf")
    assert pdf.data.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{url}/posters.zip").data))
    assert sorted(archive.namelist()) == ["A1-甲一街道站.pdf", "A1a-甲一甲村站.pdf", "A1b-甲一乙村站.pdf"]


def _use_font(app, monkeypatch, path):
    monkeypatch.setitem(app.extensions, "settings", app.extensions["settings"].replace(poster_font=str(path)))


def _with_qr_code(db, station):
    station.qr_url = "http://weixin.qq.com/q/sandbox-poster"
    db.session.commit()
    return f"/console/stations/{station.id}"


def test_without_a_font_posters_say_what_to_install_and_work_once_it_is_there(
    app, client, network, db, monkeypatch, tmp_path
):
    font = tmp_path / "fonts" / "poster.ttc"
    _use_font(app, monkeypatch, font)
    login(client, "head_a1")
    url = _with_qr_code(db, network.station("A1"))
    for download in ("poster.png", "poster.pdf", "posters.zip"):
        response = client.get(f"{url}/{download}")
        assert response.status_code == 503
        assert f"找不到 POSTER_FONT 指定的字体文件 {font}" in response.get_data(as_text=True)
    font.parent.mkdir()
    shutil.copy(installed_font(), font)  # installed while the app runs: no restart
    png = client.get(f"{url}/poster.png")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).size == (1240, 1754)


def test_without_poster_font_set_the_message_names_the_debian_package(app, client, network, db, monkeypatch):
    monkeypatch.setattr(posters, "FONT_CANDIDATES", ("/nonexistent/wqy-microhei.ttc",))
    login(client, "head_a1")
    response = client.get(f"{_with_qr_code(db, network.station('A1'))}/poster.pdf")
    assert response.status_code == 503
    assert "sudo apt install fonts-wqy-microhei" in response.get_data(as_text=True)


def test_a_font_file_that_is_not_a_font_is_a_503_not_a_crash(app, client, network, db, monkeypatch, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    _use_font(app, monkeypatch, broken)
    login(client, "head_a1")
    response = client.get(f"{_with_qr_code(db, network.station('A1'))}/poster.png")
    assert response.status_code == 503 and "无法读取" in response.get_data(as_text=True)


def test_a_poster_needs_a_qr_code_first(client, network):
    login(client, "head_a1")
    assert client.get(f"/console/stations/{network.station('A1').id}/poster.png").status_code == 404


def test_the_import_page_reports_bad_rows(client, network):
    login(client, "admin_c")
    url = "/console/stations/import"
    data = {
        "csrf_token": _form(client, url),
        "file": (
            io.BytesIO("code,name,level,parent_code,address,phone\nZ1,某区,county,NOPE,,\n".encode()),
            "s.csv",
        ),
    }
    body = client.post(url, data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "未导入任何数据" in body and "NOPE" in body


def test_only_admins_import(client, network):
    login(client, "head_a1")
    assert client.get("/console/stations/import").status_code == 403


def test_calendar_admins_enter_next_years_schedule(client, network, db):
    login(client, "admin_c")
    url = "/console/calendar"
    response = client.post(
        url,
        data={
            "csrf_token": _form(client, url),
            "year": "2027",
            "days": "2027-01-01,休,元旦\n2027-02-06,班,春节调休",
        },
    )
    assert response.status_code == 302
    assert "2027-01-01 休 元旦" in client.get(url).get_data(as_text=True)
    bad = client.post(url, data={"csrf_token": _form(client, url), "year": "2027", "days": "2027-13-01,休,x"})
    assert "第 1 行格式应为" in bad.get_data(as_text=True)
    assert db.session.get(CalendarDay, date(2027, 1, 1)).name == "元旦"  # the bad one changed nothing
