import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from models import AuditEntry, RequestCategory, ServiceRequest
from server.console.texts import REQUESTS_LEDGER_COLUMNS as COLUMNS
from server.operations.core.audit import Actor
from server.operations.service_requests.filing import Person, file_request
from server.operations.service_requests.queries import RequestFilter, search_requests
from server.operations.veterans.registrations import (
    start_registration,
    submit_registration,
    update_registration,
)
from tests.support.network import login
from tests.support.veterans import id_number, values

URL = "/console/requests/export.xlsx"
# (station, channel, category, person): two villages of 甲一, a sibling township's village, another county.
FILED = [
    ("A1a", "phone", "困难帮扶", "周甲"),
    ("A1a", "chat", "就业创业", "周乙"),
    ("A1b", "letter", "困难帮扶", "周丙"),
    ("A1a", "walkin", "政策咨询", "周丁"),
    ("A2a", "phone", "困难帮扶", "外甲"),
    ("B1a", "phone", "困难帮扶", "外乙"),
]


@pytest.fixture
def filed(network, db):
    staff = Actor.of(network.staff("clerk_a1"))
    veteran = start_registration("walkin")
    update_registration(
        veteran, values(network.station("A1a").id, serial=7, name="周甲", mobile="13900139007")
    )
    submit_registration(veteran)
    numbers = {}
    for index, (code, channel, name, person) in enumerate(FILED):
        category = db.session.execute(select(RequestCategory).filter_by(name=name)).scalar_one()
        who = (
            Person(veteran=veteran, name=person) if index == 0 else Person(openid=f"oExp{index}", name=person)
        )
        request = file_request(
            who, category, f"{person}的诉求内容，请帮助办理", channel, staff, station=network.station(code)
        )
        numbers[person] = request.number
    db.session.commit()
    return numbers


def _sheet(client, query=""):
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [list(row) for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "query", ["", "?view=all", "?channel=phone", "?category_id=1&view=all", "?station=A1a"]
)
def test_the_rows_are_exactly_the_scoped_filters(client, network, db, filed, query):
    login(client, "clerk_a1")
    rows = _sheet(client, query)
    assert tuple(rows[0]) == COLUMNS
    args = MultiDict([part.split("=") for part in query.lstrip("?").split("&") if part])
    filters = RequestFilter.from_args(args)
    statement = search_requests(network.staff("clerk_a1"), filters).with_only_columns(ServiceRequest.number)
    expected = db.session.scalars(statement).all()
    assert [row[0] for row in rows[1:]] == expected and expected
    assert not any(row[2] in ("外甲", "外乙") for row in rows[1:])


def test_a_row_names_the_request_but_never_an_id_number_or_a_phone(client, network, db, filed):
    login(client, "head_a1")
    rows = _sheet(client, "?channel=phone")
    [row] = rows[1:]
    number, _when, name, category, track, channel, station, assignee, state = row[:9]
    assert (number, name, category, track, channel) == (filed["周甲"], "周甲", "困难帮扶", "服务诉求", "电话")
    assert (station, assignee, state) == ("甲一甲村站", "clerk@A1a", "待处理")
    assert row[9] and row[10] and row[11] == 0 and row[12] is None
    cells = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert id_number(serial=7) not in cells and "13900139007" not in cells


def test_an_export_is_audited_with_its_filter_and_row_count(client, network, db, filed):
    login(client, "clerk_a1")
    rows = _sheet(client, "?channel=phone&view=all")
    entry = db.session.scalars(select(AuditEntry).filter_by(action="requests.export")).one()
    assert entry.actor_id == network.staff("clerk_a1").id and entry.station_id == network.station("A1").id
    assert entry.detail == {
        "rows": len(rows) - 1,
        "capped": False,
        "filters": {"view": "all", "channel": "phone"},
    }


def test_a_large_export_streams_in_batches_and_stops_at_the_cap(client, network, db, filed, monkeypatch):
    monkeypatch.setattr("server.console.service_requests.export.BATCH", 1)
    login(client, "supervisor_c")
    assert len(_sheet(client, "?view=all")) == len(FILED) + 1
    monkeypatch.setattr("server.console.service_requests.export.ROW_CAP", 4)
    rows = _sheet(client, "?view=all")
    assert len(rows) == 4 + 2 and "仅导出了前 4 条" in rows[-1][0]
    entry = db.session.scalars(
        select(AuditEntry).filter_by(action="requests.export").order_by(AuditEntry.id.desc())
    ).first()
    assert (entry.detail["rows"], entry.detail["capped"]) == (4, True)


def test_the_ledger_is_sent_as_it_is_written_under_its_chinese_name(client, network, filed):
    login(client, "supervisor_c")
    response = client.get(URL)
    assert "Content-Length" not in response.headers  # not known before the last row is written
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;")
        and "filename*=UTF-8''%E8%AF%89%E6%B1%82%E5%8F%B0%E8%B4%A6-" in disposition
    )
    assert load_workbook(io.BytesIO(response.get_data())).active["A1"].value == COLUMNS[0]


def test_those_who_do_not_handle_requests_cannot_export(client, network, filed):
    login(client, "broadcaster_a1")
    assert client.get(URL).status_code == 403


def test_filtering_on_a_station_out_of_scope_exports_nothing_of_it(client, network, filed):
    login(client, "clerk_a1")
    assert _sheet(client, "?view=all&station=A2a") == [list(COLUMNS)]
    assert _sheet(client, "?view=all&q=外甲") == [list(COLUMNS)]
