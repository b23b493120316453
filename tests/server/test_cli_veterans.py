from datetime import datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from models import AuditEntry, ImportMapping, Veteran
from tests.support.veterans import id_number

HEADER = ["序号", "姓名", "身份证号", "手机", "人员类别", "入伍日期", "退役日期", "军种", "户籍所在地",
          "现居住地址", "村社区"]  # fmt: skip


def ledger(path, *rows, header=HEADER):
    """An .xlsx ledger as a station keeps it: dates as Excel dates, a numbered first column."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values])
    book.save(path)
    return path


def person(serial, village="A1a", **changes):
    cells = {
        "姓名": "李志强",
        "身份证号": id_number(serial=serial),
        "手机": f"1370013{serial:04d}",
        "人员类别": "退役士兵",
        "入伍日期": datetime(1999, 12, 1),
        "退役日期": datetime(2004, 12, 1),
        "军种": "武警",
        "户籍所在地": "浙江省杭州市甲一甲村5号",
        "现居住地址": "浙江省杭州市甲一甲村5号",
        "村社区": village,
    }
    return [(cells | changes)[column] for column in HEADER[1:]]


def flask_import(app, path, *options):
    return app.test_cli_runner().invoke(args=["veterans", "import", str(path), *options])


def count(db):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Veteran))


def test_a_ledger_is_imported_with_the_proposed_mapping(app, network, db, tmp_path):
    path = ledger(tmp_path / "甲一乙村.xlsx", person(1, ""), person(2, ""))
    result = flask_import(app, path, "--station", "A1b")
    assert result.exit_code == 0, result.output
    assert "身份证号 -> id_number" in result.output and "村社区 -> (skipped)" in result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    imported = db.session.scalars(select(Veteran)).all()
    assert {(v.station.code, v.state, v.source, v.branch) for v in imported} == {
        ("A1b", "submitted", "import", "武警部队")
    }
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veterans.import")).one()
    assert entry.actor_name == "flask veterans import" and entry.detail["file"] == "甲一乙村.xlsx"


def test_a_mapping_option_corrects_the_proposal_and_is_remembered(app, network, db, tmp_path):
    path = ledger(tmp_path / "甲一.xlsx", person(1), person(2, "A1b"))
    refused = flask_import(app, path, "--station", "A1")
    assert refused.exit_code != 0 and "甲一.xlsx:1: 缺少必需的列：所属站点编码" in refused.output
    result = flask_import(app, path, "--station", "A1", "--mapping", "村社区=station_code", "--approve")
    assert result.exit_code == 0, result.output
    assert {v.state for v in db.session.scalars(select(Veteran))} == {"approved"} and count(db) == 2
    assert db.session.get(ImportMapping, network.station("A1").id).mapping["村社区"] == "station_code"
    again = flask_import(app, path, "--station", "A1")
    assert "村社区 -> station_code" in again.output and "0 created, 0 updated, 2 unchanged" in again.output


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(app, network, db, tmp_path):
    path = ledger(
        tmp_path / "台账.xlsx",
        person(1),
        person(2, 入伍日期="2001.02.30"),
        person(3, 入伍日期=datetime(2010, 1, 1)),
        person(4, 人员类别="退役老兵"),
    )
    result = flask_import(app, path, "--station", "A1a", "--dry-run")
    assert result.exit_code != 0
    assert "台账.xlsx:3: 入伍日期：“2001.02.30”不是有效的日期" in result.output
    assert "台账.xlsx:4: 退役日期：退役日期应晚于入伍日期" in result.output
    assert "台账.xlsx:5: 人员类别：没有“退役老兵”这一类别" in result.output
    assert "文件有 3 处错误" in result.output
    good = ledger(tmp_path / "good.xlsx", person(1))
    checked = flask_import(app, good, "--station", "A1a", "--dry-run")
    assert checked.exit_code == 0 and "dry run, nothing written: 1 created" in checked.output
    assert count(db) == 0
    assert db.session.get(ImportMapping, network.station("A1a").id) is None


def test_bad_rows_stop_the_whole_import(app, network, db, tmp_path):
    path = ledger(tmp_path / "台账.xlsx", person(1), person(2, 手机="0571-8888"))
    result = flask_import(app, path, "--station", "A1a")
    assert result.exit_code != 0 and "台账.xlsx:3: 手机：请输入11位大陆手机号码" in result.output
    assert "未导入任何数据" in result.output and count(db) == 0


def test_a_corrected_row_updates_the_record_it_made(app, network, db, tmp_path):
    flask_import(app, ledger(tmp_path / "v1.xlsx", person(1), person(2)), "--station", "A1a", "--approve")
    corrected = ledger(tmp_path / "v2.xlsx", person(1), person(2, 姓名="李志刚"))
    result = flask_import(app, corrected, "--station", "A1a", "--approve")
    assert "0 created, 1 updated, 1 unchanged" in result.output
    assert sorted(v.name for v in db.session.scalars(select(Veteran))) == ["李志刚", "李志强"]


def test_an_unknown_station_or_mapping_field_is_refused(app, network, tmp_path):
    path = ledger(tmp_path / "台账.xlsx", person(1))
    assert "no station with code NOPE" in flask_import(app, path, "--station", "NOPE").output
    bad = flask_import(app, path, "--station", "A1a", "--mapping", "姓名=full_name")
    assert bad.exit_code != 0 and "列名=字段" in bad.output
