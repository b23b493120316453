import click
from flask.cli import AppGroup

from models import db
from server.extensions import settings
from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError
from server.operations.network.staff import create_staff, staff_by_username
from server.operations.network.stations import import_stations, station_by_code, update_station
from server.seeds import demo, demo_appointments, demo_requests, policies
from server.seeds.request_scale import seed_requests
from server.seeds.scale import seed_network, seed_veterans

seed_cli = AppGroup("seed", help="Demo data.")


@seed_cli.command("demo")
def seed_demo():
    """Idempotently fill the database with the demo network and accounts (never in production)."""
    config = settings()
    if config.production:
        raise click.ClickException("demo data is never seeded in production")
    actor = Actor.system("flask seed demo")
    header, rows = demo.station_rows()
    import_stations(header, rows, actor)
    for code, *_rest, latitude, longitude in demo.STATIONS:
        update_station(
            station_by_code(code), {"hours": demo.HOURS, "latitude": latitude, "longitude": longitude}, actor
        )
    for username, name, code, role in demo.ACCOUNTS:
        if staff_by_username(username) is None:
            staff = create_staff(username, name, station_by_code(code), role, demo.DEMO_PASSWORD, actor)
            staff.must_change_password = False
    db.session.flush()
    filed = demo_requests.seed_demo_requests()
    events = demo_appointments.seed_demo_appointments(actor)
    written = policies.seed_demo_policies()
    db.session.commit()
    if filed:
        click.echo(f"Filed {filed} demo requests (诉求) at {station_by_code(demo_requests.VILLAGE).name}")
    if events:
        click.echo(f"Seeded the services (服务事项) stations take bookings for, and {events} station events")
    if written:
        click.echo(f"Wrote {written} demo policies (政策库), public list at /policies/")
    click.echo("Demo accounts (demo passwords, never for production), console at /console/:")
    for username, name, code, _role in demo.ACCOUNTS:
        click.echo(f"  {username:<12} / {demo.DEMO_PASSWORD}   {name}，{station_by_code(code).name}")
    click.echo(f"Demo WeChat settings: WECHAT_APPID={config.wechat_appid} WECHAT_TOKEN={config.wechat_token}")


@seed_cli.command("network")
@click.option("--counties", default=10, show_default=True)
@click.option("--townships", default=10, show_default=True, help="per county")
@click.option("--villages", default=20, show_default=True, help="per township")
def seed_network_command(counties, townships, villages):
    """A large synthetic network for benchmarks (codes S...; never in production)."""
    _refuse_production()
    report = seed_network(counties, townships, villages)
    db.session.commit()
    click.echo(f"stations: created {len(report.created)}, unchanged {report.unchanged}")


@seed_cli.command("veterans")
@click.option("--count", default=500_000, show_default=True)
def seed_veterans_command(count):
    """COUNT synthetic veterans over the village stations, 1 % awaiting review (never in production).

    The villages of county S00 are 2.5 times as populous as the others': about a fifth of everyone."""
    _refuse_production()
    click.echo(f"added {seed_veterans(count)} veterans")


@seed_cli.command("requests")
@click.option("--requests", "count", default=1_000_000, show_default=True)
@click.option("--events", default=10_000_000, show_default=True, help="timeline events, about")
@click.option("--days", default=730, show_default=True, help="filed over this many days up to today")
@click.option("--seed", default=2026, show_default=True, help="random seed")
def seed_requests_command(count, events, days, seed):
    """COUNT synthetic requests and about EVENTS timeline events over the village stations, generated
    inside PostgreSQL (never in production). Seed a network first (`flask seed network` or `demo`)."""
    _refuse_production()
    try:
        report = seed_requests(count, events, days=days, seed=seed)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"added {report.requests} requests and {report.events} events")
    for step, seconds in report.seconds.items():
        click.echo(f"  {step:<15} {seconds:7.1f} s")


def _refuse_production():
    if settings().production:
        raise click.ClickException("synthetic data is never seeded in production")


COMMANDS = [seed_cli]
