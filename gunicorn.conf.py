"""gunicorn settings, from the environment (see .env.example).

Its logs keep nothing that could betray a signer: the access log has no client
address, no header, no query string, and the tokens of the links we email (confirm,
manage) are masked there and in the error log (PrivateLogger below).
"""

import ipaddress
import logging
import multiprocessing
import os
import re
from urllib.parse import unquote

from gunicorn import glogging

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

# What each request leaves in the access log: when, what (the masked request line),
# how it went and how long it took.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'

# The segment after confirm/ or manage/, wherever in a path; and anything shaped like
# a signed value (Django's signing: value:timestamp:signature), whatever route it is on.
LINK_TOKEN = re.compile(r"(/(?:confirm|manage)/)[^/?#\s]+")
SIGNED_VALUE = re.compile(r"\.?[\w-]{6,}:[\w-]{4,}:[\w-]{20,}")
# Candidates for an IP address, each checked by ipaddress before it is masked.
ADDRESSES_LIKE = (
    re.compile(r"[0-9A-Fa-f]*:[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[\w.]+)?"),
    re.compile(r"\d{1,3}(?:\.\d{1,3}){3}"),
)
MASK = "<token>"


def masked_path(path):
    """A path as it may be logged: percent-decoded, as Django routes it, then the tokens masked."""
    return SIGNED_VALUE.sub(MASK, LINK_TOKEN.sub(r"\1" + MASK, unquote(path)))


def _masked_address(match):
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return "<address>"


def masked_message(text):
    """A message as it may be logged: tokens and IP addresses masked."""
    text = masked_path(text)
    for candidates in ADDRESSES_LIKE:
        text = candidates.sub(_masked_address, text)
    return text


class _MaskedRecords(logging.Filter):
    def filter(self, record):
        record.msg, record.args = masked_message(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = masked_message(logging.Formatter().formatException(record.exc_info))
        return True


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, keeping only the safe atoms for the access log (any other atom
    a format names, a header's included, logs as "-") and masking the error log."""

    SAFE_ATOMS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_MaskedRecords())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = masked_path(atoms["U"] or "")
        kept = {name: atoms[name] for name in self.SAFE_ATOMS}
        return {**kept, "U": path, "r": f"{atoms['m']} {path} {atoms['H']}"}


logger_class = PrivateLogger
