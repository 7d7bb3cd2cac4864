"""gunicorn settings, from the environment (see .env.example).

Its logs keep nothing that could betray a signer: the access log has no client
address, no header, no query string, and the tokens of the links we email (confirm,
manage) are masked there and in the error log (PrivateLogger below).
"""

import multiprocessing
import os

from gunicorn import glogging

from core.redact import MaskedRecords, masked_path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django is CPU-bound here: about one worker per core, plus one to cover I/O waits.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# gthread, not sync: a sync worker closes the connection after every response and then
# waits for the peer to close its side, which holds the worker idle and costs a new TCP
# connection per request. gthread keeps connections alive (nginx's upstream keepalive,
# or a client of its own), so a worker goes straight on to the next request. With one
# thread it runs one request at a time, like sync, and parks idle connections in its poller.
# gunicorn's gthread worker, taking a connection only while a thread is free: with the
# stock one, keep-alive connections opened at once all went to the first worker to wake
# (campaign/gunicorn_worker.py).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "campaign.gunicorn_worker.BalancedThreadWorker")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "campaign.wsgi:application"

# What each request leaves in the access log: when, what (the masked request line),
# how it went and how long it took.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, keeping only the safe atoms for the access log (any other atom
    a format names, a header's included, logs as "-") and masking the error log."""

    SAFE_ATOMS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(MaskedRecords())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = masked_path(atoms["U"] or "")
        kept = {name: atoms[name] for name in self.SAFE_ATOMS}
        return {**kept, "U": path, "r": f"{atoms['m']} {path} {atoms['H']}"}


logger_class = PrivateLogger
