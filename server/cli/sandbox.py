import os

import click
from flask.cli import AppGroup

from server.extensions import settings

sandbox_cli = AppGroup("sandbox", help="The local WeChat stand-in (development and tests only).")


@sandbox_cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, show_default=True, type=int)
def sandbox_run(host, port):
    """Serve the fake WeChat API and the chat simulator; it delivers to SANDBOX_CALLBACK_URL."""
    from werkzeug.serving import run_simple

    from server.sandbox.app import create_sandbox_app

    if settings().production:
        raise click.ClickException("the WeChat sandbox never runs in production")
    callback = os.environ.get("SANDBOX_CALLBACK_URL", "http://127.0.0.1:5000/wechat")
    latency = os.environ.get("SANDBOX_LATENCY_MS", "0")
    if not latency.isdigit():
        raise click.ClickException(
            f"SANDBOX_LATENCY_MS must be a whole number of milliseconds, not {latency!r}"
        )
    click.echo(f"WeChat sandbox on http://{host}:{port}/sandbox/ delivering to {callback}")
    state_file = settings().instance_dir / "sandbox.json"
    click.echo(f"Its users and QR codes are kept in {state_file}")
    if int(latency):
        click.echo(f"Every API call waits {latency} ms")
    sandbox = create_sandbox_app(settings(), callback, state_file, latency_ms=int(latency))
    run_simple(host, port, sandbox, threaded=True)


COMMANDS = [sandbox_cli]
