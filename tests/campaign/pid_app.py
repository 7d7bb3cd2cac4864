"""A WSGI app answering which worker process served it, a little slowly: for the test of
how gunicorn's workers share connections (tests/campaign/test_gunicorn_balance.py)."""

import os
import time


def application(environ, start_response):
    time.sleep(0.02)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
