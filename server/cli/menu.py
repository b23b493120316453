import json

import click
from flask.cli import AppGroup

from menus import MENU, to_wechat
from menus.validate import menu_problems
from server.extensions import gateway, settings
from server.gateway import GatewayError

menu_cli = AppGroup("menu", help="Show or publish the official account's menu.")


@menu_cli.command("show")
def menu_show():
    """Print the menu as WeChat receives it, and any problems with it."""
    click.echo(json.dumps(to_wechat(), ensure_ascii=False, indent=2))
    for problem in menu_problems(MENU):
        click.echo(f"problem: {problem}", err=True)


@menu_cli.command("publish")
def menu_publish():
    """Validate the menu and publish it through the gateway."""
    problems = menu_problems(MENU)
    if problems:
        raise click.ClickException("menu not published:\n" + "\n".join(problems))
    try:
        gateway().create_menu(to_wechat())
    except GatewayError as exc:
        raise click.ClickException(f"WeChat refused the menu: {exc}") from exc
    click.echo(f"menu published to {settings().wechat_api_base}")


COMMANDS = [menu_cli]
