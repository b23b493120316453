"""`make run` as a person runs it: it starts, warns about what is missing, and Ctrl-C stops it at once.

`make serve` is what `make run` does after installing; here it runs with this virtualenv, its own
ports and a temporary instance directory, on the embedded defaults, in its own process group (a
terminal's Ctrl-C sends SIGINT to the whole group).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STOP_WITHIN = 5.0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(*urls, process, seconds=120):
    deadline = time.monotonic() + seconds
    for url in urls:
        while True:
            if process.poll() is not None:
                pytest.fail(f"make serve exited with {process.returncode} before {url} answered")
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{url} did not answer within {seconds} s")
                time.sleep(0.3)


def group_alive(pgid):
    """Whether a process of the group still runs (an exited one waiting to be reaped does not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


@pytest.fixture
def running(tmp_path):
    """`make serve` on free ports; yields (process, port, log path) and kills what is left at the end."""
    port, sandbox_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "MAKEFLAGS")}
    env.update(INSTANCE_DIR=str(tmp_path / "instance"), POSTER_FONT=str(tmp_path / "no-such-font.ttc"))
    log = tmp_path / "make-serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "serve",
                f"VENV={sys.prefix}",
                f"PORT={port}",
                f"SANDBOX_PORT={sandbox_port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(
            f"http://127.0.0.1:{port}/healthz", f"http://127.0.0.1:{sandbox_port}/sandbox/", process=process
        )
        yield process, port, log
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_ctrl_c_stops_app_and_sandbox_within_seconds_without_sigkill(running):
    process, port, log = running
    # What a browser leaves behind: a pre-opened connection that never sent a request, a kept-alive
    # one, and a slow client half-way through its headers.
    idle = socket.create_connection(("127.0.0.1", port))
    kept = socket.create_connection(("127.0.0.1", port))
    kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: app\r\n\r\n")
    kept.recv(4096)
    slow = socket.create_connection(("127.0.0.1", port))
    slow.sendall(b"GET /console/login HTTP/1.1\r\nHost: app\r\n")
    time.sleep(0.5)

    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    while group_alive(process.pid) and time.monotonic() - started < STOP_WITHIN + 25:
        process.poll()
        time.sleep(0.05)
    took = time.monotonic() - started
    for connection in (idle, kept, slow):
        connection.close()

    output = log.read_text()
    assert "SIGKILL" not in output and took < STOP_WITHIN, f"stopping took {took:.1f} s:\n{output[-3000:]}"


def test_make_serve_warns_at_start_when_posters_have_no_font(running):
    _, _, log = running
    assert "找不到 POSTER_FONT 指定的字体文件" in log.read_text()
