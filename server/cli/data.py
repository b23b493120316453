import click
from flask import current_app
from flask.cli import AppGroup

from models import db
from server.extensions import settings
from server.operations.core.audit import Actor, record
from server.operations.core.key_rotation import encrypted_columns, rotate_batch

data_cli = AppGroup("data", help="Personal data at rest.")


@data_cli.command("rotate-key")
def rotate_key():
    """Re-encrypt every encrypted column under DATA_KEY (set the old key as DATA_KEY_PREVIOUS first).

    Commits batch by batch, so it can be stopped and run again; afterwards DATA_KEY_PREVIOUS can go."""
    if not settings().data_key_previous:
        raise click.ClickException("set DATA_KEY_PREVIOUS to the old key and DATA_KEY to the new one first")
    keyring = current_app.extensions["keyring"]
    for model, names in encrypted_columns():
        done, after = 0, None
        while (after := rotate_batch(model, names, keyring, after)) is not None:
            db.session.commit()
            done += 1
        click.echo(f"{model.__tablename__}: {', '.join(names)} re-encrypted ({done} batches)")
    record(Actor.system("flask data rotate-key"), "data.rotate_key")
    db.session.commit()


COMMANDS = [data_cli]
