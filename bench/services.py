"""PostgreSQL, Redis and the two gunicorn servers for bench/callback.py."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psycopg
import redis

from bench.durable_floor_app import HANDLER as FLOOR
from server.config import DEMO

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "veterans_bench"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE_URL = f"{PG_SERVER}/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/5"
STOP_TIMEOUT = 30  # gunicorn.conf.py's graceful_timeout is 20 s


def app_env(port=None):
    """Development settings with the demo WeChat keys, which the load generator signs with too; compatible
    mode, so that one app answers both the plaintext and the safe-mode runs."""
    env = {k: v for k, v in os.environ.items() if k not in DEMO and k not in ("APP_ENV", "FLASK_ENV")}
    env |= {
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "WECHAT_API_BASE": "http://127.0.0.1:9/",
        "WECHAT_MESSAGE_MODE": "compatible",
    }
    if port:
        env |= {"HOST": "127.0.0.1", "PORT": str(port)}
    return env


def prepare_services(db_name=DB_NAME, redis_url=REDIS_URL):
    """A fresh, migrated database and an empty Redis db."""
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db_name}")
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "db", "upgrade"],
        cwd=ROOT,
        env=app_env() | {"DATABASE_URL": f"{PG_SERVER}/{db_name}", "FLASK_APP": "wsgi"},
        check=True,
        capture_output=True,
    )
    redis.Redis.from_url(redis_url).flushdb()


def count_inbound():
    """(our app's rows, the durable floor's rows) in inbound_message."""
    query = (
        "SELECT count(*) FILTER (WHERE handler IS DISTINCT FROM %(floor)s),"
        " count(*) FILTER (WHERE handler = %(floor)s) FROM inbound_message"
    )
    with psycopg.connect(DATABASE_URL) as conn:
        return conn.execute(query, {"floor": FLOOR}).fetchone()


def logged_callbacks(log_path):
    """POST /wechat answered 200, counted from the app's own one-line-per-request log."""
    count = 0
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            _, marker, entry = line.partition(" server.requests ")
            if marker:
                fields = json.loads(entry)
                count += (fields["method"], fields["path"], fields["status"]) == ("POST", "/wechat", 200)
    return count


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn with the production settings, in its own process group so it stops as a whole."""

    def __init__(self, name, wsgi_app, ready_path, log_path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", wsgi_app],
                cwd=ROOT,
                env=app_env(self.port),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready(ready_path)
        except BaseException:  # includes Ctrl-C while waiting: never leave a server behind
            self.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_ready(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        tail = self.log_tail()
        raise RuntimeError(f"{self.name} did not become ready on {self.url}{path}; log ends:\n{tail}")

    def check_alive(self):
        """Raises if the server has exited, e.g. a recycled worker failed to boot and the master halted."""
        if self.process.poll() is not None:
            tail = self.log_tail()
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}; log ends:\n{tail}")

    def log_tail(self):
        lines = Path(self.log_path).read_text(errors="replace").splitlines()
        return "\n".join(line for line in lines if " server.requests " not in line)[-3000:]

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_rss_kb(self):
        """VmRSS of each worker (the master's children), in kB."""
        return [_vm_rss_kb(pid) for pid in _children(self.process.pid)]

    def worker_cpu_seconds(self):
        """CPU time of all workers so far, counting those max_requests recycled (the master reaped them)."""
        master = _stat(self.process.pid)
        ticks = int(master[CUTIME]) + int(master[CSTIME])
        for pid in _children(self.process.pid):
            worker = _stat(pid)
            ticks += int(worker[UTIME]) + int(worker[STIME]) if worker else 0
        return ticks / os.sysconf("SC_CLK_TCK")


# Indexes into /proc/<pid>/stat after the command name, i.e. field number (man 5 proc) minus 3.
PPID, UTIME, STIME, CUTIME, CSTIME = 1, 11, 12, 13, 14


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command name, or [] if the process is gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _children(parent):
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return sorted(pid for pid in pids if _stat(pid)[PPID : PPID + 1] == [str(parent)])


def _vm_rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:  # a worker recycled by max_requests at this very moment
        pass
    return 0
