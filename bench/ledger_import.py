"""Benchmark of the ledger (台账) import: a realistic 10,000-row .xlsx into PostgreSQL.

    .venv/bin/python bench/ledger_import.py [--rows 10000] [--keep-database]

Recreates the database veterans_bench_ledger on 127.0.0.1:5432 (user postgres, trust), migrates it with
flask_migrate.upgrade, imports a township with 20 villages, writes a ledger as a township keeps it
(valid ID numbers, a station code column, the date forms stations use, family members without
service dates) and times in one run:

  baseline    reading the file with openpyxl (read-only, values only) and nothing else
  read_table  server.documents.tabular.read_table: the baseline plus cells to text
  dry run     check_ledger: every row through the registration rules; nothing written
  import      import_ledger + commit: the same checks, then the inserts
  re-import   import_ledger + commit of the same rows: every row recognised as unchanged

Each phase counts the SQL statements it sent. Exits 1 if the import's counts are not what the file
holds. The database is dropped at the end unless --keep-database.
"""

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

# Run as a script, so the repository root is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import psycopg  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from models import Veteran, db  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.documents.tabular import read_table  # noqa: E402
from server.operations.core.audit import Actor  # noqa: E402
from server.operations.network.stations import import_stations, station_by_code  # noqa: E402
from server.operations.veterans.ledger_columns import propose_mapping  # noqa: E402
from server.operations.veterans.ledger_import import check_ledger, import_ledger  # noqa: E402

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
DB_NAME = "veterans_bench_ledger"
DATABASE_URL = f"{PG_SERVER}/{DB_NAME}"
VILLAGES = 20
TARGET_SECONDS = 60
HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "人员类别", "入伍时间", "退役时间",
          "服役军种/部别", "户籍地址", "现居住地址", "所属站点编码", "备注"]  # fmt: skip
SERVED = ["退役士兵"] * 12 + ["转业军官", "复员干部", "退休军人/军休干部", "伤残军人"]
FAMILY = ["烈士遗属", "因公牺牲军人遗属", "病故军人遗属", "现役军人家属", "其他优抚对象"]
BRANCHES = ["陆军"] * 6 + ["海军", "空军", "火箭军", "武警部队", "中国人民解放军陆军", "武警"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "建国志强伟军华明勇杰涛斌超波辉刚平东海林峰磊俊亮红英芳丽秀兰玉霞敏静燕"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the ledger (default 10000)")
    parser.add_argument("--keep-database", action="store_true", help=f"leave {DB_NAME} in place")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    recreate_database()
    try:
        app = create_app(
            Config.from_env({"DATABASE_URL": DATABASE_URL, "WECHAT_API_BASE": "http://127.0.0.1:9/"})
        )
        with app.app_context(), tempfile.TemporaryDirectory() as tmp:
            flask_migrate.upgrade()
            township = build_network()
            path = write_ledger(Path(tmp) / "甲街道台账.xlsx", options.rows)
            results, ok = run_phases(path, township, options.rows)
            print_results(path, options.rows, results, ok)
            db.session.remove()
            db.engine.dispose()
    finally:
        if not options.keep_database:
            drop_database()
    return 0 if ok else 1


# The database and the network
def recreate_database():
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database():
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def build_network():
    header = ["code", "name", "level", "parent_code", "address", "phone"]
    tree = [
        ("C", "示范市中心", "city", ""),
        ("K", "示范区中心", "county", "C"),
        ("T", "甲街道站", "township", "K"),
    ]
    tree += [(f"T{n:02d}", f"甲街道第{n}村站", "village", "T") for n in range(1, VILLAGES + 1)]
    rows = [
        (line, dict(zip(header, (code, name, level, parent, f"{name}办公室", "0571-88000000"), strict=True)))
        for line, (code, name, level, parent) in enumerate(tree, start=2)
    ]
    import_stations(header, rows, Actor.system("bench"))
    db.session.commit()
    return station_by_code("T")


# The ledger
def write_ledger(path, rows):
    rng = random.Random(2026)
    regions = valid_regions()
    numbers = set()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(HEADER)
    for serial in range(1, rows + 1):
        sheet.append(ledger_row(rng, serial, regions, numbers))
    book.save(path)
    return path


def valid_regions():
    """Zhejiang region codes python-stdnum knows (GB 11643 checks the region too)."""
    found = []
    for code in range(330100, 331200):
        body = f"{code}19700101001"
        try:
            ric.validate(body + ric.calc_check_digit(body + "0"))
            found.append(str(code))
        except Exception:  # noqa: BLE001 (an unknown region)
            continue
    return found


def ledger_row(rng, serial, regions, numbers):
    birth = date.fromordinal(rng.randint(date(1950, 1, 1).toordinal(), date(1998, 12, 31).toordinal()))
    number = unique_id_number(rng, regions, birth, numbers)
    village = f"T{rng.randint(1, VILLAGES):02d}"
    served = rng.random() < 0.85
    category = rng.choice(SERVED if served else FAMILY)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    address = f"浙江省杭州市示范区甲街道第{int(village[1:])}村{rng.randint(1, 300)}号"
    enlisted, discharged, branch = service(rng, birth) if served else ("", "", "")
    sex = "男" if int(number[16]) % 2 else "女"
    mobile = f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"
    return [serial, name, sex, number, mobile, category, enlisted, discharged, branch, address, address,
            village, ""]  # fmt: skip


def unique_id_number(rng, regions, birth, numbers):
    """A valid number not used yet: python-stdnum knows when each region code existed, so some
    region and birth-year pairs are refused and drawn again."""
    while True:
        body = f"{rng.choice(regions)}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in numbers and ric.is_valid(number):
            numbers.add(number)
            return number


def service(rng, birth):
    """(enlisted, discharged, branch) written the ways ledgers write them."""
    enlisted = date(birth.year + rng.randint(18, 22), rng.choice((3, 9, 12)), 1)
    discharged = date(min(enlisted.year + rng.randint(2, 16), 2024), 12, 1)
    return written(rng, enlisted), written(rng, discharged), rng.choice(BRANCHES)


def written(rng, day):
    form = rng.randrange(6)
    if form == 0:
        return datetime(day.year, day.month, day.day)  # an Excel date cell
    return (f"{day:%Y.%m}", f"{day:%Y%m}", f"{day.year}/{day.month}/{day.day}", day.isoformat(),
            f"{day.year}年{day.month}月")[form - 1]  # fmt: skip


# Timing
@contextmanager
def timed(results, phase):
    statements = [0]

    def count(*_args):
        statements[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    try:
        yield
    finally:
        results[phase] = (time.perf_counter() - started, statements[0])
        event.remove(db.engine, "before_cursor_execute", count)


def run_phases(path, township, rows):
    results = {}
    with timed(results, "baseline: openpyxl read"):
        book = load_workbook(path, read_only=True, data_only=True)
        sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
    with timed(results, "read_table"), path.open("rb") as stream:
        header, table = read_table(stream, path.name)
    mapping = propose_mapping(header)
    with timed(results, "dry run"):
        checked = check_ledger(header, table, mapping, township).report
        db.session.rollback()
    if checked.errors:
        print(f"the generated ledger has {len(checked.errors)} bad rows, e.g. {checked.errors[:3]}")
        return results, False
    actor = Actor.system("bench")
    with timed(results, "import"):
        imported = import_ledger(header, table, mapping, township, actor, filename=path.name)
        db.session.commit()
    with timed(results, "re-import (unchanged)"):
        again = import_ledger(header, table, mapping, township, actor, filename=path.name)
        db.session.commit()
    stored = db.session.scalar(select(func.count()).select_from(Veteran))
    ok = (checked.created, imported.created, again.unchanged, stored) == (rows, rows, rows, rows)
    if not ok:
        print(
            f"unexpected counts: import {imported.created}, re-import {again.unchanged} unchanged, "
            f"{stored} stored"
        )
    return results, ok


def print_results(path, rows, results, ok):
    size = path.stat().st_size / 1e6
    print(f"Ledger import benchmark: {rows:,} rows, {size:.1f} MB .xlsx, PostgreSQL database {DB_NAME}")
    print(
        f"Machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, tree {tree()}"
    )
    print()
    print("| phase                   | seconds | rows/s | SQL statements |")
    print("|-------------------------|--------:|-------:|---------------:|")
    for phase, (seconds, statements) in results.items():
        print(f"| {phase:<23} | {seconds:7.2f} | {rows / seconds:6,.0f} | {statements:14,} |")
    if not ok:
        return
    total = results["read_table"][0] + results["import"][0]
    verdict = "PASS" if total < TARGET_SECONDS else "FAIL"
    print()
    print(f"read_table + import: {total:.1f} s (target < {TARGET_SECONDS} s): {verdict}")
    print(f"import / baseline read: {results['import'][0] / results['baseline: openpyxl read'][0]:.1f}x")


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def tree():
    root = Path(__file__).resolve().parent.parent
    described = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True, text=True
    )
    return described.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
