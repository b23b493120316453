import sys

import click
from flask.cli import AppGroup

from models import db
from models.staff import ROLES
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.network.staff import create_staff
from server.operations.network.stations import station_by_code

staff_cli = AppGroup("staff", help="Console accounts.")


def _password():
    """From a prompt on a terminal, else the first line of standard input (for scripts)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@staff_cli.command("create")
@click.option("--username", required=True)
@click.option("--name", required=True)
@click.option("--station", "station_code", required=True, help="The station's code.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--phone", default=None)
def staff_create(username, name, station_code, role, phone):
    """Create a console account; the person changes the password at first login."""
    station = station_by_code(station_code)
    if station is None:
        raise click.ClickException(f"no station with code {station_code}")
    try:
        create_staff(
            username, name, station, role, _password(), Actor.system("flask staff create"), phone=phone
        )
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"created {username} ({role}) at {station.name}")


COMMANDS = [staff_cli]
