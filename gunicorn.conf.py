"""Production worker settings for gunicorn; `make run` and the benchmark use them too."""

import logging
import multiprocessing
import os
import signal
import sys
import threading

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
# 2 threads per worker: a second thread serves a request while the first waits on I/O (a WeChat retry
# waits for its first attempt); more threads only take turns at each process's GIL. The callback
# benchmark (docs/BENCHMARKS.md) runs with these settings; WEB_CONCURRENCY and GUNICORN_THREADS override.
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = None  # the app logs one structured line per request
control_socket_disable = True  # unused; stopping its server costs the master up to 2 s at Ctrl-C


def on_starting(server):
    # Fail before forking if the embedded Redis would be split across processes; warn about what
    # the app can run without but a feature needs.
    from server.config import Config, check_worker_count
    from server.documents.posters import font_problem

    config = Config.from_env()
    check_worker_count(config, server.cfg.workers)
    problem = font_problem(config)
    if problem:
        server.log.warning("海报功能不可用：%s", problem)


def post_worker_init(worker):
    app = worker.wsgi
    if app.extensions["settings"].embedded_redis:
        from server.jobs.embedded import EmbeddedWorker

        worker.embedded_jobs = EmbeddedWorker(app).start()


def worker_int(worker):
    """Ctrl-C (SIGINT, and the master's SIGQUIT that follows it): a quick shutdown, so leave now."""
    _leave(worker, 0)


def worker_exit(server, worker):
    """The worker has stopped serving (SIGTERM after its requests or graceful_timeout, max_requests)."""
    stopping = sys.exc_info()[1]
    if isinstance(stopping, SystemExit) and worker.booted:
        _leave(worker, stopping.code if isinstance(stopping.code, int) else 1)


def _leave(worker, code):
    """Stop the embedded job thread (a job under way gets 2 s) and exit without waiting for request
    threads: Python would otherwise join each at exit, even one still reading a slow client's headers,
    until the master kills the worker with SIGKILL after graceful_timeout. No further signal may
    interrupt the way out (a terminal's SIGINT reaches the worker just before the master's SIGQUIT)."""
    for stop in (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    # Whatever the cleanup below waits on (a lock another thread holds), leave within 3 s.
    deadline = threading.Timer(3, os._exit, args=(code,))
    deadline.daemon = True
    deadline.start()
    jobs = getattr(worker, "embedded_jobs", None)
    if jobs:
        jobs.stop(timeout=2)
    logging.shutdown()
    os._exit(code)
