"""Events WeChat pushes to the account's callback on its own, after a job finishes."""

import threading
import time

from flask import current_app

SYSTEM_SENDER = "oSandboxSystemSender0000"
_pending = set()  # the threads still to deliver their event
_pending_lock = threading.Lock()


def push_event_later(event, delay=0.2, **fields):
    """Deliver `event` to the app's callback from a thread, as WeChat does some time after a send."""
    app = current_app._get_current_object()

    def run():
        try:
            time.sleep(delay)
            from server.sandbox.control import deliver

            with app.app_context():
                push = app.extensions["sandbox_push"]
                deliver(SYSTEM_SENDER, push.event(SYSTEM_SENDER, event, **fields))
        finally:
            with _pending_lock:
                _pending.discard(threading.current_thread())

    thread = threading.Thread(target=run, daemon=True, name=f"sandbox-{event}")
    with _pending_lock:
        _pending.add(thread)
    thread.start()


def settle(timeout=10):
    """Wait until the events pushed so far have been delivered (a test's own, before the next test)."""
    deadline = time.monotonic() + timeout
    while True:
        with _pending_lock:
            threads = list(_pending)
        if not threads or time.monotonic() > deadline:
            return
        threads[0].join(max(0.0, deadline - time.monotonic()))
