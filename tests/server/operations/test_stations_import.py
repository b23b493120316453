import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from models import Station
from server.documents.tabular import read_table
from server.operations.core.audit import Actor
from server.operations.network.stations import ImportRefused, import_stations

ACTOR = Actor.system("test")
HEADER = "code,name,level,parent_code,address,phone\n"
CHILDREN_FIRST = HEADER + (
    "330106001001,西湖村站,village,330106001,西湖村,0571-1\n"
    "330106001,北山街道站,township,330106,北山街,0571-2\n"
    "330106,西湖区中心,county,3301,文三路,0571-3\n"
    "3301,示范市中心,city,,人民路,0571-4\n"
)


def run_import(text, name="stations.csv", encoding="utf-8", within=None):
    header, rows = read_table(io.BytesIO(text.encode(encoding)), name)
    return import_stations(header, rows, ACTOR, within=within)


def test_parents_may_come_after_children_and_paths_follow_the_tree(db):
    report = run_import(CHILDREN_FIRST)
    db.session.commit()
    assert sorted(report.created) == ["3301", "330106", "330106001", "330106001001"]
    stations = {s.code: s for s in db.session.scalars(select(Station))}
    village = stations["330106001001"]
    assert village.parent.code == "330106001" and village.level == "village"
    chain = [stations[c].id for c in ("3301", "330106", "330106001", "330106001001")]
    assert village.path == "/" + "/".join(map(str, chain)) + "/"


def test_importing_the_same_file_again_changes_nothing(db):
    run_import(CHILDREN_FIRST)
    db.session.commit()
    before = {s.code: (s.name, s.path, s.updated_at) for s in db.session.scalars(select(Station))}
    report = run_import(CHILDREN_FIRST)
    db.session.commit()
    assert (report.created, report.updated, report.unchanged) == ([], [], 4)
    assert {s.code: (s.name, s.path, s.updated_at) for s in db.session.scalars(select(Station))} == before


def test_changed_rows_are_updated(db):
    run_import(CHILDREN_FIRST)
    db.session.commit()
    report = run_import(CHILDREN_FIRST.replace("西湖村站", "西湖村退役军人服务站"))
    assert report.updated == ["330106001001"]
    assert db.session.scalar(select(Station.name).filter_by(code="330106001001")) == "西湖村退役军人服务站"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(db):
    bad = HEADER + (
        "3301,示范市中心,city,,人民路,0571-4\n"  # line 2: fine
        "X1,某区,province,3301,,\n"  # line 3: bad level
        "X2,某街道,township,NOPE,,\n"  # line 4: unknown parent
        "X3,某村,village,3301,,\n"  # line 5: village under a city
        "3301,重复,city,,,\n"  # line 6: duplicate code
        "bad code!,某站,county,3301,,\n"  # line 7: bad code
        "X4,某站,county,3301,,not-a-phone\n"  # line 8: bad phone
    )
    with pytest.raises(ImportRefused) as caught:
        run_import(bad)
    lines = {line for line, _message in caught.value.errors}
    assert lines == {3, 4, 5, 6, 7, 8}
    messages = dict(caught.value.errors)
    assert "province" in messages[3] and "NOPE" in messages[4] and "上级必须是" in messages[5]
    assert "第 2 行重复" in messages[6]
    db.session.rollback()
    assert db.session.scalars(select(Station)).all() == []


def test_missing_columns_are_refused():
    with pytest.raises(ImportRefused) as caught:
        run_import("code,name\n1,x\n")
    assert "parent_code" in caught.value.errors[0][1]


def test_xlsx_and_gbk_csv_are_read(db):
    workbook = Workbook()
    sheet = workbook.active
    for line in CHILDREN_FIRST.strip().splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    header, rows = read_table(data, "台账.xlsx")
    assert len(import_stations(header, rows, ACTOR).created) == 4
    db.session.rollback()
    assert len(run_import(CHILDREN_FIRST, encoding="gbk").created) == 4


def test_an_import_within_a_subtree_cannot_touch_others(db):
    run_import(CHILDREN_FIRST)
    db.session.commit()
    county = db.session.scalar(select(Station).filter_by(code="330106"))
    outside = HEADER + "330110,余杭区中心,county,3301,,\n"
    with pytest.raises(ImportRefused) as caught:
        run_import(outside, within=county)
    assert "不在您的管辖范围内" in caught.value.errors[0][1]
    inside = HEADER + "330106002,翠苑街道站,township,330106,,\n330106002001,翠苑村站,village,330106002,,\n"
    assert len(run_import(inside, within=county).created) == 2
