"""预约统计 on the dashboard over HTTP: the week of tests/support/booking_stats.py, figures worked out
by hand there; the tables, their downloads, and nothing outside the viewer's subtree."""

import csv
import io
import re

import pytest

from tests.support.booking_stats import booking_week  # noqa: F401 - a fixture
from tests.support.network import login

PERIOD = {"start": "2026-11-02", "end": "2026-11-08"}
pytestmark = pytest.mark.usefixtures("booking_week")


def page_of(client, username):
    login(client, username)
    response = client.get("/console/dashboard", query_string=PERIOD)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def table(html, key):
    body = re.search(rf'<table[^>]*id="table-{key}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]  # fmt: skip


def test_a_county_sees_bookings_no_shows_and_how_full_the_slots_were(client):
    html = page_of(client, "supervisor_a")
    assert table(html, "booking_stations") == [
        ["站点", "预约", "爽约"],
        ["甲区中心", "1", "0"],
        ["甲一街道站", "6", "2"],
        ["甲二街道站", "0", "0"],
    ]
    assert table(html, "booking_services")[1:] == [["政策咨询", "6", "1"], ["优待证办理", "1", "1"],
                                                   ["困难帮扶申请", "0", "0"]]  # fmt: skip
    assert table(html, "no_show")[1:] == [["按约到场", "5"], ["爽约", "2"]]
    assert table(html, "slot_fill")[1:] == [["已约", "6"], ["未约", "315"]]
    assert "爽约率：28.6%" in html and "约满率：1.9%" in html
    assert "爽约率（2/7）" in html and "时段约满率（6/321）" in html


def test_a_village_clerk_sees_only_the_village(client):
    html = page_of(client, "clerk_a1a")
    assert table(html, "booking_stations")[1:] == [["甲一甲村站", "3", "1"]]
    assert table(html, "slot_fill")[1:] == [["已约", "3"], ["未约", "67"]]
    assert "乙" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("chart", ["booking_stations", "booking_services", "no_show", "slot_fill"])
def test_each_appointment_table_downloads_with_the_numbers_on_the_page(client, chart):
    html = page_of(client, "supervisor_a")
    response = client.get(
        "/console/dashboard/export", query_string={"chart": chart, "format": "csv", **PERIOD}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows == table(html, chart)


def test_a_broadcaster_downloads_no_appointment_figures(client):
    login(client, "broadcaster_a")
    query = {"chart": "no_show", "format": "csv", **PERIOD}
    assert client.get("/console/dashboard/export", query_string=query).status_code == 403
