"""For tests that start real processes (gunicorn, nginx, redis-server, the task worker):
a free loopback port, and waiting for a condition with a generous deadline, never a
fixed sleep, so a busy machine slows them down without failing them. A test that bounds
how long something takes scales its bound with `scaled()`: the same work takes longer
when the cores are shared (`bin/test` beside other suites, a CI runner's neighbours)."""

import os
import socket
import time

# At most this many times the idle bound, however busy the machine.
MAX_LOAD_FACTOR = 6.0


def load_factor(load=None, cpus=None, *, most=MAX_LOAD_FACTOR):
    """How many times longer the same work takes now: the load average per core over the
    last minute, at least 1 (load 8 on 2 cores: 4), at most `most`."""
    load = os.getloadavg()[0] if load is None else load
    cpus = cpus or os.cpu_count() or 1
    return min(most, max(1.0, load / cpus))


def scaled(seconds, *, at_most=None):
    """A bound of `seconds` on an idle machine, grown with its load; never above `at_most`
    (where a longer wait would mean the fault the test is there to catch)."""
    bound = seconds * load_factor()
    return bound if at_most is None else min(bound, at_most)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=180, what="the condition"):
    """Wait until `condition()` is true, up to `timeout` seconds scaled with the load."""
    deadline = time.monotonic() + scaled(timeout)
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
