"""Deliveries signed as WeChat signs them, a Python check of the replies, and wrk runs over them."""

import http.client
import json
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from server.config import DEMO
from server.sandbox.push import Push

LUA_SCRIPT = Path(__file__).resolve().parent / "wrk_requests.lua"
CONTENT = "帮助"
EXPECTED = "登记建档"  # in the help text, which is the reply to 帮助
MARKERS = {"plain": EXPECTED, "safe": "<Encrypt>"}  # safe-mode replies are only readable once decrypted
SAMPLES = 20  # replies checked in Python per app and mode
USERS = 1000  # followers writing in turn, so dialog state is spread over many Redis keys as in real use

push = Push(DEMO["WECHAT_TOKEN"], DEMO["WECHAT_APPID"], DEMO["WECHAT_AES_KEY"])


@dataclass
class WrkResult:
    requests: int
    duration_us: int
    p50_us: int
    p99_us: int
    socket_errors: int
    ok: int
    wrong: int
    bad_status: int
    issued: int
    overrun: int
    exhausted: int

    @property
    def rps(self):
        return self.requests / (self.duration_us / 1e6)

    @property
    def errors(self):
        return self.socket_errors + self.wrong + self.bad_status + self.overrun


def delivery(mode, n):
    """(path with query string, body) of one new text message 帮助 with its own MsgId."""
    query, body = push.sign(push.text(f"oBenchUser{n % USERS:018d}", CONTENT), mode=mode)
    return f"/wechat?{urlencode(query)}", body


def write_pool(path, mode, size):
    # Signed now: the app refuses timestamps more than 300 s old.
    with open(path, "wb") as pool:
        for n in range(size):
            target, body = delivery(mode, n)
            pool.write(target.encode() + b"\t" + body + b"\n")
    return path


def check_replies(url, mode):
    """Sends SAMPLES deliveries and checks each reply; returns a length every full reply reaches."""
    host = urlsplit(url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    lengths = []
    try:
        for n in range(SAMPLES):
            target, body = delivery(mode, n)
            conn.request("POST", target, body, {"Content-Type": "text/xml"})
            response = conn.getresponse()
            reply = response.read()
            content = push.open_reply(reply, dict(parse_qsl(urlsplit(target).query))).get("Content", "")
            if response.status != 200 or EXPECTED not in content:
                raise RuntimeError(f"{url} {mode}: bad reply {response.status} {reply[:300]!r}")
            lengths.append(len(reply))
    finally:
        conn.close()
    # Replies vary by a few bytes (the echoed nonce); an error text is far shorter than the help text.
    return int(min(lengths) * 0.9)


def run_wrk(url, pool_path, mode, connections, seconds, min_reply):
    """One wrk run over the pool; `min_reply` tells a full help reply from an error text."""
    threads = min(connections, 2)  # the machine's cores are shared with the servers under test
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
        "-s", str(LUA_SCRIPT), url, "--",
        str(pool_path), str(threads), str(math.ceil(connections / threads)), MARKERS[mode], str(min_reply),
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if run.returncode:
        raise RuntimeError(f"wrk exited with {run.returncode}:\n{run.stdout}{run.stderr}")
    out = run.stdout
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            return WrkResult(**json.loads(line.removeprefix("BENCH_JSON ")))
    raise RuntimeError(f"wrk printed no result:\n{out}")
