from pathlib import Path

import click
from flask.cli import AppGroup

from models import db
from server.documents.tabular import read_table
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.network.stations import ImportRefused, station_by_code
from server.operations.veterans.ledger_columns import (
    TARGETS,
    corrected_mapping,
    parse_mapping,
    propose_mapping,
    remembered_mapping,
)
from server.operations.veterans.ledger_import import check_ledger, import_ledger

veterans_cli = AppGroup("veterans", help="Veterans' registrations (建档立卡).")


@veterans_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--station",
    "station_code",
    required=True,
    help="The ledger's station: a village takes every row; a township or above takes rows naming "
    "their village in a station code column.",
)
@click.option(
    "--mapping",
    "mapping_text",
    default=None,
    help='Columns to fields where the proposal is wrong, e.g. "姓名=name,身份证号码=id_number,备注=". '
    f"Fields: {', '.join(TARGETS)}; empty skips the column.",
)
@click.option("--approve", is_flag=True, help="Import as approved instead of submitted for review.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
def veterans_import(file, station_code, mapping_text, approve, dry_run):
    """Import a station's ledger (台账) of veterans from FILE (.xlsx or .csv).

    All or nothing: every bad row is reported with its line and nothing is imported. Importing the
    same file again changes nothing; corrected rows update the records they made. The mapping used
    is remembered for the station and proposed next time."""
    station = station_by_code(station_code)
    if station is None:
        raise click.ClickException(f"no station with code {station_code}")
    try:
        with file.open("rb") as stream:
            header, rows = read_table(stream, file.name)
        proposed = propose_mapping(header, remembered_mapping(station))
        mapping = corrected_mapping(proposed, parse_mapping(mapping_text))
        _show_mapping(mapping)
        if dry_run:
            report = check_ledger(header, rows, mapping, station).report
        else:
            actor = Actor.system("flask veterans import")
            report = import_ledger(header, rows, mapping, station, actor, approve=approve, filename=file.name)
    except ImportRefused as refused:
        db.session.rollback()
        _fail(file, refused.errors, refused.message)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    if dry_run:
        db.session.rollback()
        if report.errors:
            _fail(file, report.errors, f"文件有 {len(report.errors)} 处错误，导入时不会写入任何数据")
    else:
        db.session.commit()
    counts = f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    click.echo(f"dry run, nothing written: {counts}" if dry_run else counts)


def _show_mapping(mapping):
    for column, field in mapping.items():
        click.echo(f"  {column} -> {field or '(skipped)'}")


def _fail(file, errors, message):
    for line, problem in errors:
        click.echo(f"{file.name}:{line}: {problem}", err=True)
    raise click.ClickException(message)


COMMANDS = [veterans_cli]
