from sqlalchemy import func, select

from models import Staff, Station


def test_stations_import_reports_bad_rows_with_line_numbers(app, tmp_path, db):
    bad = tmp_path / "stations.csv"
    bad.write_text(
        "code,name,level,parent_code,address,phone\nC1,某市,city,,,\nV1,某村,village,C1,,\n", encoding="utf-8"
    )
    result = app.test_cli_runner().invoke(args=["stations", "import", str(bad)])
    assert result.exit_code != 0
    assert "stations.csv:3:" in result.output and "未导入任何数据" in result.output
    assert db.session.scalar(select(func.count()).select_from(Station)) == 0


def test_stations_import_is_idempotent(app, tmp_path):
    good = tmp_path / "stations.csv"
    good.write_text(
        "code,name,level,parent_code,address,phone\nC1,某市,city,,,\nK1,某区,county,C1,,\n", encoding="utf-8"
    )
    first = app.test_cli_runner().invoke(args=["stations", "import", str(good)])
    again = app.test_cli_runner().invoke(args=["stations", "import", str(good)])
    assert "created 2, updated 0, unchanged 0" in first.output
    assert "created 0, updated 0, unchanged 2" in again.output


def test_seed_demo_is_idempotent_and_prints_the_logins(app, db):
    first = app.test_cli_runner().invoke(args=["seed", "demo"])
    second = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "admin        / demo1234" in second.output
    assert db.session.scalar(select(func.count()).select_from(Staff)) == 5
    assert db.session.scalar(select(func.count()).select_from(Station)) == 11


def test_seed_demo_files_the_demo_requests_once_and_the_sweep_escalates_the_late_one(app, db):
    from models import ServiceRequest
    from server.jobs.service_requests import sweep_deadlines

    app.test_cli_runner().invoke(args=["seed", "demo"])
    again = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert "demo requests" not in again.output
    states = sorted(db.session.scalars(select(ServiceRequest.state)))
    assert states == ["pending", "pending", "processing", "registered", "resolved"]
    assert sweep_deadlines()["escalated"] == 1
