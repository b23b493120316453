"""Jobs in a thread of the web process, for the embedded Redis stand-in (development only)."""

import logging
import threading

from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty

from server.jobs import queues
from server.jobs.schedule import build_cron

log = logging.getLogger(__name__)


class ThreadWorker(SimpleWorker):
    """An RQ worker that can run outside the main thread: no signal handlers, timer-based timeouts."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        pass


class EmbeddedWorker:
    """Runs queued, retried and periodic jobs in a daemon thread of this process, polling every `poll`
    seconds: each round puts the due periodic jobs and the retries that are due (RQ's scheduled jobs)
    on their queues, then runs what is queued."""

    def __init__(self, app, poll=1.0):
        self.app = app
        self.poll = poll
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="embedded-jobs", daemon=True)

    def start(self):
        self.thread.start()
        log.info("embedded job worker started (REDIS_URL unset)")
        return self

    def stop(self, timeout=None):
        """Stop polling; a job under way gets `timeout` seconds to finish (None: as long as it takes)."""
        self.stopping.set()
        self.thread.join(timeout)

    def _loop(self):
        with self.app.app_context():
            connection = self.app.extensions["redis"]
            cron = build_cron(connection)
            worker = ThreadWorker(queues(connection), connection=connection)
            while not self.stopping.is_set():
                try:
                    cron.enqueue_jobs()
                    worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
                except Exception:
                    log.exception("embedded job worker hiccup")
                self.stopping.wait(self.poll)
