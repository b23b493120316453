"""Production worker settings for gunicorn; `make run` and the benchmark use them too."""

import multiprocessing
import os

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


def on_starting(server):
    # Fail before forking if the embedded Redis would be split across processes.
    from server.config import Config, check_worker_count

    check_worker_count(Config.from_env(), server.cfg.workers)


def post_worker_init(worker):
    app = worker.wsgi
    if app.extensions["settings"].embedded_redis:
        from server.jobs.embedded import EmbeddedWorker

        EmbeddedWorker(app).start()
