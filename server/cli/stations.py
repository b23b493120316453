from pathlib import Path

import click
from flask.cli import AppGroup

from models import db
from server.documents.tabular import read_table
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.network.stations import ImportRefused, import_stations

stations_cli = AppGroup("stations", help="The service network's stations.")


@stations_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def stations_import(file):
    """Create or update stations from FILE (.csv or .xlsx: code,name,level,parent_code,address,phone).

    All or nothing: any bad row is reported with its line and nothing is imported."""
    try:
        with file.open("rb") as stream:
            header, rows = read_table(stream, file.name)
        report = import_stations(header, rows, Actor.system("flask stations import"))
    except ImportRefused as refused:
        db.session.rollback()
        for line, message in refused.errors:
            click.echo(f"{file.name}:{line}: {message}", err=True)
        raise click.ClickException(refused.message) from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"created {len(report.created)}, updated {len(report.updated)}, unchanged {report.unchanged}")


COMMANDS = [stations_cli]
