"""A worker process for the kill test: `python -m tests.support.push_worker PUSH_ID BATCH_SIZE` with
the test's environment runs the push's job, batches of BATCH_SIZE, until the test kills it."""

import sys

from server import create_app
from server.jobs.pushes import send_push
from server.operations.pushes import sending

if __name__ == "__main__":
    sending.BATCH_SIZE = int(sys.argv[2])
    with create_app().app_context():
        send_push(int(sys.argv[1]))
