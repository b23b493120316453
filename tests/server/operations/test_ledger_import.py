from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditEntry, Notification, Veteran
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.network.stations import ImportRefused
from server.operations.veterans.ledger_columns import (
    corrected_mapping,
    parse_mapping,
    propose_mapping,
    read_date,
    remembered_mapping,
)
from server.operations.veterans.ledger_import import check_ledger, import_ledger
from server.operations.veterans.registrations import start_registration, update_registration
from tests.support.veterans import id_number, values

ACTOR = Actor(None, "导入员")
HEADER = ["序号", "姓名", "身份证号码", "联系电话", "人员类别", "入伍时间", "退役时间", "服役军种/部别",
          "户籍地址", "现居住地址", "所属站点编码"]  # fmt: skip
MAPPING = propose_mapping(HEADER)


def person(serial, **cells):
    """One ledger row as a station writes it (cells by header), valid unless overridden."""
    row = {
        "序号": str(serial),
        "姓名": "张建国",
        "身份证号码": id_number(serial=serial),
        "联系电话": f"1380013{serial:04d}",
        "人员类别": "退役士兵",
        "入伍时间": "1998.12",
        "退役时间": "2003/12/1",
        "服役军种/部别": "陆军",
        "户籍地址": "浙江省杭州市甲一甲村1号",
        "现居住地址": "浙江省杭州市甲一甲村1号",
        "所属站点编码": "A1a",
    }
    return row | cells


def table(*people):
    return [(line, cells) for line, cells in enumerate(people, start=2)]


def count(db):
    return db.session.scalar(select(func.count()).select_from(Veteran))


def run(db, network, rows, station="A1", approve=False, mapping=MAPPING):
    report = import_ledger(HEADER, rows, mapping, network.station(station), ACTOR, approve, "台账.xlsx")
    db.session.commit()
    return report


def test_chinese_headers_propose_a_mapping_and_unknown_columns_are_skipped():
    header = ["姓名", "公民身份号码（18位）", "手机号码", "类别", "入伍年月", "退伍时间", "军种",
              "户口所在地", "家庭住址", "站点编码", "备注"]  # fmt: skip
    assert propose_mapping(header) == {
        "姓名": "name",
        "公民身份号码（18位）": "id_number",
        "手机号码": "mobile",
        "类别": "category_id",
        "入伍年月": "enlisted_on",
        "退伍时间": "discharged_on",
        "军种": "branch",
        "户口所在地": "hukou_address",
        "家庭住址": "residence_address",
        "站点编码": "station_code",
        "备注": "",
    }


def test_the_mapping_a_station_used_is_remembered_and_offered_next_time(db, network):
    header = ["姓名", "身份证号码", "联系电话", "人员类别", "户籍地址", "住处", "紧急联系电话"]
    mapping = propose_mapping(header) | parse_mapping("住处=residence_address,紧急联系电话=,联系电话=mobile")
    row = {k: person(1)[k] for k in ("姓名", "身份证号码", "联系电话", "户籍地址")} | {
        "人员类别": "烈士遗属",
        "住处": "浙江省杭州市甲一甲村2号",
        "紧急联系电话": "13900000000",
    }
    import_ledger(header, [(2, row)], mapping, network.station("A1a"), ACTOR)
    assert remembered_mapping(network.station("A1a")) == mapping
    assert propose_mapping(header, remembered_mapping(network.station("A1a"))) == mapping
    assert propose_mapping(header, remembered_mapping(network.station("A1b")))["住处"] == ""


def test_a_mapping_string_names_our_fields():
    assert parse_mapping("姓名=name，户籍地=户籍地址,备注=") == {
        "姓名": "name",
        "户籍地": "hukou_address",
        "备注": "",
    }
    with pytest.raises(DomainError, match="列名=字段"):
        parse_mapping("姓名=full_name")


def test_a_correction_takes_a_field_from_the_column_it_was_proposed_for():
    proposed = propose_mapping(["联系电话", "手机号码"])
    assert proposed == {"联系电话": "mobile", "手机号码": ""}
    assert corrected_mapping(proposed, parse_mapping("手机号码=mobile")) == {
        "联系电话": "",
        "手机号码": "mobile",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2001-12-01", date(2001, 12, 1)),
        ("2001/12/1", date(2001, 12, 1)),
        ("2001.12", date(2001, 12, 1)),
        ("2001.12.5", date(2001, 12, 5)),
        ("200112", date(2001, 12, 1)),
        ("20011205", date(2001, 12, 5)),
        ("2001年12月", date(2001, 12, 1)),
        ("2001年12月5日", date(2001, 12, 5)),
        ("37226", date(2001, 12, 1)),  # an Excel serial number
        ("2001-12-01 00:00:00", date(2001, 12, 1)),
    ],
)
def test_dates_are_read_in_the_forms_ledgers_use(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["2001-02-30", "2001.13", "2001", "去年", "2001123"])
def test_impossible_dates_are_named(text):
    with pytest.raises(DomainError, match="不是有效的日期"):
        read_date(text)


def test_a_good_file_is_imported_as_submitted_with_one_audit_entry_and_no_notice(db, network):
    family = person(3, 人员类别="烈士遗属", 入伍时间="", 退役时间="", **{"服役军种/部别": ""})
    report = run(db, network, table(person(1), person(2, 所属站点编码="A1b"), family))
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    imported = db.session.scalars(select(Veteran).order_by(Veteran.id)).all()
    assert {v.state for v in imported} == {"submitted"} and {v.source for v in imported} == {"import"}
    first = imported[0]
    assert first.station.code == "A1a" and imported[1].station.code == "A1b"
    assert first.category.name == "退役士兵" and first.enlisted_on == date(1998, 12, 1)
    assert first.birth_date == date(1980, 1, 1) and first.mobile_tail == "0001" and first.openid is None
    entry = db.session.scalars(select(AuditEntry).filter_by(action="veterans.import")).one()
    assert entry.detail == {
        "file": "台账.xlsx",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "approved": False,
    }
    assert entry.station_id == network.station("A1").id
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1 + _setup_entries(db)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def _setup_entries(db):
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "veterans.import")
    )


def test_an_importer_may_import_them_approved(db, network):
    run(db, network, table(person(1)), approve=True)
    veteran = db.session.scalars(select(Veteran)).one()
    assert veteran.state == "approved" and veteran.reviewed_at is not None


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(db, network):
    walk_in = start_registration("walkin")
    update_registration(walk_in, values(network.station("A1a").id, serial=90))
    db.session.commit()
    bad_check_digit = id_number(serial=5)[:-1] + ("1" if id_number(serial=5)[-1] != "1" else "2")
    rows = table(
        person(1),  # line 2: good
        person(2, 身份证号码=bad_check_digit),
        person(3, 联系电话="1380013"),
        person(4, 人员类别="退役兵"),
        person(5, 入伍时间="2001-02-30"),
        person(6, 入伍时间="2004-01-01", 退役时间="2003-01-01"),
        person(7, 入伍时间="1990-01-01"),  # born 1980: enlisted at ten
        person(8, 退役时间="2999-01-01"),
        person(1, 序号="9"),  # the ID number of line 2 again
        person(90),  # registered at the counter
        person(11, 所属站点编码="B1a"),  # another township's village
        person(12, 所属站点编码="A1"),  # not a village
        person(13, 所属站点编码=""),
        person(14, 入伍时间=""),  # a served veteran needs the dates
        person(15, **{"服役军种/部别": "骑兵"}),
        person(16, 姓名="X"),
    )
    plan = check_ledger(HEADER, rows, MAPPING, network.station("A1"))
    assert plan.report.created == 1
    assert plan.report.errors == list(
        {
            3: "身份证号码：身份证号最后一位校验码不正确，请核对后重新输入",
            4: "联系电话：请输入11位大陆手机号码",
            5: "人员类别：没有“退役兵”这一类别，可选：退役士兵、转业军官、转业士官、复员干部、"
            "退休军人/军休干部、伤残军人、烈士遗属、因公牺牲军人遗属、病故军人遗属、现役军人家属、其他优抚对象",
            6: "入伍时间：“2001-02-30”不是有效的日期，可写作 2001-12-01、2001/12/1、2001.12 或 200112",
            7: "退役时间：退役日期应晚于入伍日期",
            8: "入伍时间：入伍时应年满16周岁，请核对入伍日期",
            9: "退役时间：入伍和退役日期都应在今天之前",
            10: "身份证号码：与第 2 行的身份证号重复",
            11: "身份证号码：该身份证号已通过其他渠道登记（窗口），不能重复导入",
            12: "所属站点编码：站点编码 B1a 不存在，或不在甲一街道站的范围内",
            13: "所属站点编码：甲一街道站不是村（社区）服务站，请填写村（社区）站点的编码",
            14: "所属站点编码：请填写所属村（社区）服务站的站点编码",
            15: "入伍时间：请填写入伍日期",
            16: "服役军种/部别：请选择服役军种，可选：陆军、海军、空军、火箭军、军事航天部队、网络空间部队、"
            "信息支援部队、联勤保障部队、武警部队、原战略支援部队、其他",
            17: "姓名：姓名应为2-30个汉字或字母",
        }.items()
    )
    with pytest.raises(ImportRefused) as refused:
        run(db, network, rows)
    assert len(refused.value.errors) == 15
    db.session.rollback()
    assert count(db) == 1  # only the walk-in
    imports = select(func.count()).select_from(AuditEntry).filter_by(action="veterans.import")
    assert db.session.scalar(imports) == 0


def test_a_row_with_several_problems_reports_each(db, network):
    rows = table(person(1, 联系电话="12", 入伍时间="2004-01-01", 退役时间="2003-01-01"))
    errors = check_ledger(HEADER, rows, MAPPING, network.station("A1")).report.errors
    assert errors == [(2, "联系电话：请输入11位大陆手机号码"), (2, "退役时间：退役日期应晚于入伍日期")]


def test_a_mapping_without_a_required_field_is_refused_at_line_one(db, network):
    mapping = MAPPING | {"联系电话": ""}
    with pytest.raises(ImportRefused) as refused:
        check_ledger(HEADER, table(person(1)), mapping, network.station("A1a"))
    assert refused.value.errors == [(1, "缺少必需的列：手机号（请指定文件中哪一列对应）")]
    without_station = {k: v for k, v in MAPPING.items() if v != "station_code"}
    with pytest.raises(ImportRefused, match="错误"):
        check_ledger(HEADER, table(person(1)), without_station, network.station("A1"))
    assert check_ledger(HEADER, table(person(1)), without_station, network.station("A1a")).report.created == 1


def test_importing_the_same_file_again_changes_nothing(db, network):
    rows = table(person(1), person(2, 所属站点编码="A1b"))
    run(db, network, rows)
    before = {v.id: v.updated_at for v in db.session.scalars(select(Veteran))}
    report = run(db, network, rows)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert {v.id: v.updated_at for v in db.session.scalars(select(Veteran))} == before


def test_a_corrected_row_updates_its_record_which_goes_back_to_review(db, network):
    run(db, network, table(person(1), person(2)), approve=True)
    report = run(db, network, table(person(1, 联系电话="13900139000"), person(2)))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    changed = db.session.scalars(select(Veteran).filter_by(mobile_tail="9000")).one()
    assert changed.mobile == "13900139000" and changed.state == "submitted"
    assert db.session.scalars(select(Veteran).filter_by(mobile_tail="0002")).one().state == "approved"
    assert count(db) == 2


def test_a_record_awaiting_review_is_not_changed_by_a_reimport(db, network):
    run(db, network, table(person(1)))
    errors = check_ledger(HEADER, table(person(1, 联系电话="13900139000")), MAPPING, network.station("A1"))
    assert errors.report.errors == [(2, "此人的登记正在审核中，审核后才能用台账修改")]


def test_an_id_number_another_station_imported_is_refused(db, network):
    run(db, network, table(person(1)), station="A1a")
    rows = table(person(1, 所属站点编码="A1b"))
    errors = check_ledger(HEADER, rows, MAPPING, network.station("A1")).report.errors
    assert errors == [(2, "身份证号码：该身份证号已由其他服务站的台账导入，不能重复登记")]


def test_a_village_takes_rows_without_a_station_code_but_not_another_villages(db, network):
    rows = table(person(1, 所属站点编码=""), person(2, 所属站点编码="A1b"))
    errors = check_ledger(HEADER, rows, MAPPING, network.station("A1a")).report.errors
    assert errors == [(3, "所属站点编码：站点编码 A1b 不存在，或不在甲一甲村站的范围内")]
