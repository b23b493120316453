"""预约台账: a day or a date range of a station's bookings as XLSX, with masked mobiles, audited; a
backwards or too long range is refused; another station's is not found; broadcasters get 403."""

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEntry, db
from tests.support.desk import staff_booking
from tests.support.network import csrf_token, login


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_day_and_a_range_of_bookings_as_a_spreadsheet(client, network, appointments):
    booking = staff_booking(appointments, name="王大山")
    login(client, "clerk_a1")
    url = f"/console/appointments/export.xlsx?station={booking.station_id}"
    day = client.get(f"{url}&day={booking.day}")
    assert day.status_code == 200 and "attachment" in day.headers["Content-Disposition"]
    rows = rows_of(day)
    assert rows[0][:4] == ["日期", "时间", "服务事项", "姓名"]
    assert rows[1][2:7] == ["政策咨询", "王大山", "139****1111", "电话", "已预约"]
    before = booking.day - timedelta(days=3)
    assert len(rows_of(client.get(f"{url}&from={before}&to={booking.day}"))) == 2
    assert len(rows_of(client.get(f"{url}&from={before}&to={before}"))) == 1
    entry = db.session.execute(select(AuditEntry).filter_by(action="bookings.export")).scalars().first()
    assert entry is not None and entry.detail["rows"] == 1


def test_bad_ranges_other_stations_and_broadcasters(client, network, appointments):
    login(client, "clerk_a1a")
    station = network.station("A1a").id
    backwards = client.get(
        f"/console/appointments/export.xlsx?station={station}&from=2027-01-02&to=2027-01-01"
    )
    assert backwards.status_code == 400 and "结束日期不早于开始日期" in backwards.get_data(as_text=True)
    too_long = client.get(
        f"/console/appointments/export.xlsx?station={station}&from=2027-01-01&to=2028-06-01"
    )
    assert too_long.status_code == 400
    other = network.station("A2").id
    assert client.get(f"/console/appointments/export.xlsx?station={other}").status_code == 404
    token = csrf_token(client.get("/console/").get_data(as_text=True))
    client.post("/console/logout", data={"csrf_token": token})
    login(client, "broadcaster_a1a")
    assert client.get(f"/console/appointments/export.xlsx?station={station}").status_code == 403
