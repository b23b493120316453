"""Events WeChat pushes to the account's callback on its own, after a job finishes."""

import threading
import time

from flask import current_app

SYSTEM_SENDER = "oSandboxSystemSender0000"


def push_event_later(event, delay=0.2, **fields):
    """Deliver `event` to the app's callback from a thread, as WeChat does some time after a send."""
    app = current_app._get_current_object()

    def run():
        time.sleep(delay)
        from server.sandbox.control import deliver

        with app.app_context():
            push = app.extensions["sandbox_push"]
            deliver(SYSTEM_SENDER, push.event(SYSTEM_SENDER, event, **fields))

    threading.Thread(target=run, daemon=True, name=f"sandbox-{event}").start()
