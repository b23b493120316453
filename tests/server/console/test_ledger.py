import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models import AuditEntry, ImportMapping, Veteran
from tests.support.network import csrf_token, login
from tests.support.veterans import id_number

UPLOAD = "/console/ledger/import"
HEADER = ["姓名", "身份证号码", "联系电话", "人员类别", "入伍时间", "退役时间", "服役军种", "户籍地址",
          "住址", "所属站点编码"]  # fmt: skip


def row(serial, village="A1a", **changes):
    cells = {
        "姓名": "王卫国",
        "身份证号码": id_number(serial=serial),
        "联系电话": f"1390013{serial:04d}",
        "人员类别": "转业军官",
        "入伍时间": "1999年9月",
        "退役时间": "2015.10",
        "服役军种": "海军",
        "户籍地址": "浙江省杭州市甲一甲村3号",
        "住址": "浙江省杭州市甲一甲村3号",
        "所属站点编码": village,
    }
    return [(cells | changes)[column] for column in HEADER]


def xlsx(*rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def upload(client, network, station_code, data, name="台账.xlsx"):
    """Upload a file for a station; returns the response (a redirect to the mapping page if accepted)."""
    token = csrf_token(client.get(UPLOAD).get_data(as_text=True))
    form = {
        "csrf_token": token,
        "station_id": network.station(station_code).id,
        "file": (io.BytesIO(data), name),
    }
    return client.post(UPLOAD, data=form, content_type="multipart/form-data")


def selected(html):
    """{column: chosen field} as the mapping page shows it."""
    chosen = {}
    for index, column in re.findall(r'<label for="column-(\d+)">([^<]+)</label>', html):
        select_html = re.search(rf'name="column-{index}">(.*?)</select>', html, re.S).group(1)
        match = re.search(r'<option value="([^"]*)" selected>', select_html)
        chosen[column] = match.group(1) if match else None
    return chosen


def submit_mapping(client, url, action, mapping=None, approve=False):
    html = client.get(url).get_data(as_text=True)
    chosen = selected(html) | (mapping or {})
    form = {"csrf_token": csrf_token(html), "action": action}
    form |= {f"column-{index}": chosen[column] for index, column in enumerate(chosen)}
    if approve:
        form["approve"] = "y"
    return client.post(url, data=form)


def veterans(db):
    return db.session.scalar(select(func.count()).select_from(Veteran))


def test_a_township_head_checks_then_imports_its_villages_ledger(client, network, db):
    login(client, "head_a1")
    response = upload(client, network, "A1", xlsx(row(1), row(2, "A1b"), row(3)))
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "共 3 行" in page and "甲一街道站" in page
    assert selected(page) == {
        "姓名": "name",
        "身份证号码": "id_number",
        "联系电话": "mobile",
        "人员类别": "category_id",
        "入伍时间": "enlisted_on",
        "退役时间": "discharged_on",
        "服役军种": "branch",
        "户籍地址": "hukou_address",
        "住址": "residence_address",  # a header no synonym matches exactly, but it contains 住址
        "所属站点编码": "station_code",
    }
    checked = submit_mapping(client, url, "check").get_data(as_text=True)
    assert "检查通过" in checked and "将新增 3 人" in checked
    assert veterans(db) == 0
    done = submit_mapping(client, url, "import")
    assert done.status_code == 302
    assert "新增 3 人，更新 0 人，未变化 0 人" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert {v.state for v in db.session.scalars(select(Veteran))} == {"submitted"} and veterans(db) == 3
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veterans.import")).one()
    assert entry.actor_id == network.staff("head_a1").id and entry.detail["created"] == 3
    assert client.get(url).status_code == 404  # the upload is gone once imported


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_written(client, network, db):
    login(client, "head_a1")
    data = xlsx(row(1), row(2, 人员类别="军官"), row(3, 退役时间="1998.01"), row(1, "A1b"), row(5, "B1a"))
    url = upload(client, network, "A1", data).headers["Location"]
    body = submit_mapping(client, url, "import").get_data(as_text=True)
    assert "文件有 4 处错误，导入时不会写入任何数据" in body
    for line, problem in [
        (3, "没有“军官”这一类别"),
        (4, "退役日期应晚于入伍日期"),
        (5, "与第 2 行的身份证号重复"),
        (6, "站点编码 B1a 不存在，或不在甲一街道站的范围内"),
    ]:
        assert re.search(rf"<td>{line}</td><td>[^<]*{problem}", body), (line, problem)
    assert veterans(db) == 0


def test_a_corrected_mapping_is_used_and_offered_next_time(client, network, db):
    login(client, "head_a1a")
    header = [*HEADER[:8], "居所", "备注"]
    data = xlsx([*row(1)[:9], "老党员"], header=header)
    url = upload(client, network, "A1a", data).headers["Location"]
    first = client.get(url).get_data(as_text=True)
    assert selected(first)["居所"] == ""
    refused = submit_mapping(client, url, "check").get_data(as_text=True)
    assert "缺少必需的列：居住地址" in refused
    checked = submit_mapping(client, url, "check", {"居所": "residence_address"}).get_data(as_text=True)
    assert "检查通过" in checked
    assert db.session.get(ImportMapping, network.station("A1a").id).mapping["居所"] == "residence_address"
    again = upload(client, network, "A1a", data).headers["Location"]
    assert selected(client.get(again).get_data(as_text=True))["居所"] == "residence_address"


def test_a_township_head_may_import_approved_a_village_head_may_not(client, network, db):
    login(client, "head_a1")
    url = upload(client, network, "A1", xlsx(row(1))).headers["Location"]
    assert 'name="approve"' in client.get(url).get_data(as_text=True)
    assert submit_mapping(client, url, "import", approve=True).status_code == 302
    assert db.session.scalars(select(Veteran)).one().state == "approved"
    client.post("/console/logout", data={"csrf_token": csrf_token(client.get(UPLOAD).get_data(as_text=True))})
    login(client, "head_a1a")
    url = upload(client, network, "A1a", xlsx(row(2, ""))).headers["Location"]
    assert 'name="approve"' not in client.get(url).get_data(as_text=True)
    assert submit_mapping(client, url, "import", approve=True).status_code == 403
    assert veterans(db) == 1


def test_reimporting_the_same_file_changes_nothing_and_a_corrected_row_updates(client, network, db):
    login(client, "head_a1")
    for rows, expected in [
        ((row(1), row(2)), "新增 2 人，更新 0 人，未变化 0 人"),
        ((row(1), row(2)), "新增 0 人，更新 0 人，未变化 2 人"),
        ((row(1), row(2, 住址="浙江省杭州市甲一乙村8号")), "新增 0 人，更新 1 人，未变化 1 人"),
    ]:
        url = upload(client, network, "A1", xlsx(*rows)).headers["Location"]
        done = submit_mapping(client, url, "import", approve=True)
        assert expected in client.get(done.headers["Location"]).get_data(as_text=True)
    assert veterans(db) == 2
    moved = db.session.scalars(select(Veteran).filter_by(mobile_tail="0002")).one()
    assert moved.residence_address == "浙江省杭州市甲一乙村8号" and moved.state == "approved"


def test_a_township_head_cannot_import_into_another_townships_village(client, network, db):
    login(client, "head_a1")
    assert upload(client, network, "B1a", xlsx(row(1, ""))).status_code == 404
    url = upload(client, network, "A1", xlsx(row(1, "B1a"))).headers["Location"]
    assert "不在甲一街道站的范围内" in submit_mapping(client, url, "import").get_data(as_text=True)
    assert veterans(db) == 0


def test_an_upload_belongs_to_whoever_uploaded_it(client, network, app):
    login(client, "head_a1")
    url = upload(client, network, "A1", xlsx(row(1))).headers["Location"]
    with client.session_transaction() as session:
        token = session["ledger_upload"]
    assert token not in url  # the token stays out of URLs and so out of the request log
    other = app.test_client()
    login(other, "supervisor_a")
    assert other.get(url).status_code == 404
    with other.session_transaction() as session:
        session["ledger_upload"] = token
    assert other.get(url).status_code == 404


def test_a_file_that_is_not_a_table_is_refused_on_the_form(client, network):
    login(client, "head_a1")
    response = upload(client, network, "A1", b"not a spreadsheet", name="台账.docx")
    assert response.status_code == 200 and "只支持 .csv 或 .xlsx 文件" in response.get_data(as_text=True)


def test_roles_without_the_permission_get_403(app, network):
    for username in ("clerk_a1", "broadcaster_c"):
        client = app.test_client()
        login(client, username)
        assert client.get(UPLOAD).status_code == 403


def test_the_registration_pages_offer_the_import_to_those_who_may_use_it(app, network):
    for username, offered in (("head_a1", True), ("clerk_a1", False)):
        client = app.test_client()
        login(client, username)
        page = client.get("/console/registrations")
        assert page.status_code == 200
        assert (f'href="{UPLOAD}"' in page.get_data(as_text=True)) is offered


@pytest.mark.parametrize(
    ("username", "foreign"), [("head_a1a", "A1b"), ("head_a1a", "A1"), ("head_a1", "A2"), ("head_a1", "A")]
)
def test_an_upload_into_a_sibling_or_parent_station_is_refused_and_kept_nowhere(
    client, network, db, redis, username, foreign
):
    login(client, username)
    assert upload(client, network, foreign, xlsx(row(1, ""))).status_code == 404
    with client.session_transaction() as session:
        assert "ledger_upload" not in session
    assert list(redis.scan_iter("console:ledger-upload:*")) == []
    assert veterans(db) == 0
