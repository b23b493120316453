"""A separate app process for the cross-process exactly-once test: `python -m tests.support.counting_worker
PORT COUNTER_FILE` with the test's environment. Its keyword 计数 is slow and counts its runs in a file."""

import fcntl
import sys
import time

from werkzeug.serving import make_server

from handlers.router import Route, router
from server import create_app


def slow_count(msg, ctx):
    with open(sys.argv[2], "a+") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        counter.write("run\n")
    time.sleep(0.5)
    return "已办理"


if __name__ == "__main__":
    router.keywords["计数"] = Route(slow_count)
    make_server("127.0.0.1", int(sys.argv[1]), create_app(), threaded=True).serve_forever()
