"""What the benchmarks of the console share: the app's environment, `flask` commands, the seeded
network, gunicorn in its own process group, its workers' /proc status, a logged-in session, and the
first lines of a report."""

import contextlib
import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests

from server.config import DEMO

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "bench1234pw"
NETWORK = ["--counties", "10", "--townships", "10", "--villages", "20"]


def app_env(database_url, redis_url):
    """This process's environment for the app under test: `database_url`, `redis_url`, development
    mode with the demo keys, WeChat nowhere."""
    env = {k: v for k, v in os.environ.items() if k not in DEMO and k not in ("APP_ENV", "FLASK_ENV")}
    nowhere = "http://127.0.0.1:9/"  # nothing calls WeChat here
    return env | {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "WECHAT_API_BASE": nowhere}


def print_machine(database):
    """When, on what and on which tree a benchmark runs: the first lines of its report."""
    describe = ["git", "describe", "--always", "--dirty"]
    head = subprocess.run(describe, cwd=ROOT, capture_output=True, text=True)
    print(f"date:    {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    print(f"tree:    {head.stdout.strip()}; database {database}")


def seed_network(database, env):
    """`database` created afresh, migrated, with the demo and the synthetic network (NETWORK)."""
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "demo")
    run_flask(env, "seed", "network", *NETWORK)


def count_rows(database_url, table):
    """Rows in `table`, or -1 when the database or the table is not there yet."""
    try:
        with psycopg.connect(database_url) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except psycopg.Error:
        return -1


def run_flask(env, *args):
    """`flask <args>` of this tree with `env`; its output, or exit with it when the command fails."""
    command = [str(ROOT / ".venv/bin/flask"), *args]
    done = subprocess.run(command, cwd=ROOT, env=env | {"FLASK_APP": "wsgi"}, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def gunicorn(env, workers, log_path):
    """gunicorn -c gunicorn.conf.py wsgi:app in its own process group; yields (url, master pid)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = env | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        _wait_ready(f"http://127.0.0.1:{port}", process, log_path)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_ready(url, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or still busy starting
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start; log ends:\n{log_path.read_text()[-2000:]}")


def workers(master):
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    return [pid for pid in pids if process_status(pid).get("PPid") == str(master)]


def process_status(pid):
    """/proc/<pid>/status as a dict of first words ({} if the process is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: (v.split() or [""])[0] for k, _, v in (line.partition(":") for line in lines)}


def login(url, username):
    session = requests.Session()
    page = session.get(f"{url}/console/login", timeout=30).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    form = {"username": username, "password": PASSWORD, "csrf_token": token}
    response = session.post(f"{url}/console/login", data=form, allow_redirects=False, timeout=30)
    assert response.status_code == 302, f"login of {username} failed ({response.status_code})"
    return session
