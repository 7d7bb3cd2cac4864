"""For tests that start real processes (gunicorn, nginx, redis-server, the task worker):
a free loopback port, and waiting for a condition with a generous deadline, never a
fixed sleep, so a busy machine slows them down without failing them."""

import socket
import time


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=180, what="the condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
