import click
from flask.cli import with_appcontext

from server.extensions import redis_client, settings


def _require_real_redis():
    if settings().embedded_redis:
        raise click.ClickException(
            "REDIS_URL is not set: jobs run inside the web process (embedded stand-in). "
            "Set REDIS_URL to run a separate worker or scheduler."
        )


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
def worker(burst):
    """Run a background job worker (RQ) on every queue, with RQ's scheduler: it puts retries and
    jobs scheduled for later back on their queues when due (one of the workers holds its lock)."""
    from rq import Worker

    from server.jobs import queues

    _require_real_redis()
    connection = redis_client()
    Worker(queues(connection), connection=connection).work(burst=burst, with_scheduler=True)


@click.command("scheduler")
@with_appcontext
def scheduler():
    """Enqueue the periodic jobs on time. Run exactly one."""
    from server.jobs.schedule import build_cron

    _require_real_redis()
    build_cron(redis_client()).start()


COMMANDS = [worker, scheduler]
