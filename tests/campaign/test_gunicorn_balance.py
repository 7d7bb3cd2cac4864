"""Keep-alive connections opened at once are shared among gunicorn's workers: a worker
whose threads are all busy leaves the next connection to another. With gunicorn's own
threaded worker the first to wake took nearly all of them (15 of 16 in the bench), and
one process served a burst while the others stood idle."""

import http.client
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.processes import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = 12
WORKERS = 3


@pytest.fixture
def served(tmp_path):
    """gunicorn.conf.py serving tests/campaign/pid_app.py with three workers."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DJANGO_"))},
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--no-control-socket"]
        + ["tests.campaign.pid_app:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "wb"),  # noqa: SIM115 - closed with the process
    )

    def workers_answer():
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/")
            return connection.getresponse().status == 200
        except OSError:
            return False

    try:
        wait_for(workers_answer, what="gunicorn to answer")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)


def pids_of_connections(port, count, requests=5):
    """Open `count` keep-alive connections at once; the worker that served each."""
    pids, start = [None] * count, threading.Barrier(count)

    def one(n):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        served_by = []
        for _ in range(requests):
            connection.request("GET", "/")
            served_by.append(connection.getresponse().read().decode())
        connection.close()
        pids[n] = served_by

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(pids), "every connection was served"
    assert all(len(set(served_by)) == 1 for served_by in pids), "a connection stays with its worker"
    return [served_by[0] for served_by in pids]


def test_connections_opened_at_once_go_to_every_worker(served):
    shares = Counter(pids_of_connections(served, CONNECTIONS))

    assert len(shares) == WORKERS, shares
    assert max(shares.values()) <= CONNECTIONS // 2, shares
