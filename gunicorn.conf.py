"""gunicorn settings, from the environment (see .env.example)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django is CPU-bound here: about one worker per core, plus one to cover I/O waits.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# gthread, not sync: a sync worker closes the connection after every response and then
# waits for the peer to close its side, which holds the worker idle and costs a new TCP
# connection per request. gthread keeps connections alive (nginx's upstream keepalive,
# or a client of its own), so a worker goes straight on to the next request. With one
# thread it runs one request at a time, like sync, and parks idle connections in its poller.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "campaign.wsgi:application"
