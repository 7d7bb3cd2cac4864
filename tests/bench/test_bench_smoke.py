"""The bench command still runs end to end: tiny scale, a few seconds of load, results written.

Not a timed test: it checks that the harness works (seeding, gunicorn, the task worker,
the load client, the sign POST accounting, RESULTS.md), so the bench cannot rot. It uses
its own scratch database and Redis database (BENCH_SMOKE_CACHE_URL), writes its results
and logs into pytest's temporary folder (removed with it), and stops every process it
started. Its deadline grows with how busy the machine is: about 95 s of work alone,
SMOKE_SECONDS on an idle machine, times the load per core when the machine is busier.
Marked `bench`: `-m "not bench"` leaves it out.
"""

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests.processes import free_port, load_factor

ROOT = Path(__file__).resolve().parents[2]
CACHE_URL = os.environ.get("BENCH_SMOKE_CACHE_URL", "redis://127.0.0.1:6379/13")
# The run alone on an idle two-core machine: about 95 s.
SMOKE_SECONDS = 150
MAX_SECONDS = 1200


def deadline(load=None, cpus=None):
    """SMOKE_SECONDS, times the machine's load per core when it is above one: the same
    work takes that much longer when every core is shared (load 8 on 2 cores: 4×)."""
    return SMOKE_SECONDS * load_factor(load, cpus, most=MAX_SECONDS / SMOKE_SECONDS)


def test_the_deadline_grows_with_the_load_of_the_machine():
    assert deadline(load=0.5, cpus=2) == SMOKE_SECONDS
    assert deadline(load=8, cpus=2) == 4 * SMOKE_SECONDS
    assert deadline(load=100, cpus=2) == MAX_SECONDS


def _reachable(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _aiohttp():
    done = subprocess.run([sys.executable, "-c", "import aiohttp"], capture_output=True, timeout=60)
    if done.returncode != 0:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "-r",
                str(ROOT / "bench" / "requirements.txt"),
            ],
            timeout=300,
            check=False,
        )
        done = subprocess.run([sys.executable, "-c", "import aiohttp"], capture_output=True, timeout=60)
    return done.returncode == 0


@pytest.mark.bench
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench needs PostgreSQL")
@pytest.mark.skipif(not _reachable(CACHE_URL), reason="the bench needs Redis")
def test_bench_runs_at_tiny_scale_and_accounts_for_every_signature(tmp_path):
    if not _aiohttp():
        pytest.skip("aiohttp (bench/requirements.txt) cannot be installed")
    s = connection.settings_dict
    auth = s["USER"] or "postgres"
    if s["PASSWORD"]:
        auth += f":{s['PASSWORD']}"
    database_url = (
        f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/campaign_bench_smoke_{os.getpid()}"
    )
    output = tmp_path / "RESULTS.md"
    argv = [
        sys.executable,
        str(ROOT / "bench" / "runner.py"),
        "--signatures", "1000",
        "--duration", "0.5",
        "--warmup", "0",
        "--concurrency", "4",
        "--workers", "2",
        "--wall-steps", "3",
        "--surge-seconds", "1",
        "--surge-rate", "2",
        "--views-per-signature", "10",
        "--surge-direct",
        "--export-formats", "csv",
        "--no-collectstatic",
        "--database-url", database_url,
        "--cache-url", CACHE_URL,
        "--port", str(free_port()),
        "--hello-port", str(free_port()),
        "--zero-port", str(free_port()),
        "--bare-port", str(free_port()),
        "--nginx-port", str(free_port()),
        "--output", str(output),
        "--workdir", str(tmp_path / "work"),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        log, _ = process.communicate(timeout=deadline())
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        _drop(database_url)
        _drop(database_url + "_zero")
    assert process.returncode == 0, log.decode(errors="replace")[-3000:]

    results = json.loads(output.with_suffix(".json").read_text())
    for key, worker_running in (("sign", False), ("sign_beside_worker", True)):
        sign = results[key]
        assert sign["worker_running"] is worker_running
        assert sign["accepted"] > 0
        assert sign["stored"] == sign["answered_2xx_3xx"]
        assert sign["tasks_queued"] == sign["stored"]
    assert all(queue["left_unsent"] == 0 for queue in results["email_queue"].values())
    compared = results["sign_in_clear"]  # the sign POST encrypted and in clear, in turns
    for kind in ("encrypted", "clear"):
        assert compared[kind]["stored_equals_answered"] and compared[kind]["signatures_per_second"] > 0
    assert compared["per_signature"]["sign_post_us"] > 0
    # The sign POST against the bare insert, and alone against beside the worker, in turns.
    for key, kinds in (("insert_ratio", ("sign", "bare")), ("worker_cost", ("alone", "beside_worker"))):
        for kind in kinds:
            part = results[key][kind]
            assert part["stored_equals_answered"] and part["accepted"] > 0, (key, kind, part)
        assert results[key]["ratio"] > 0
    assert results["insert_ratio"]["sign"]["every_signature_has_its_task"]
    flow = results["sign_flow"]
    assert flow["stored"] == flow["answered_2xx_3xx"] and flow["tasks_queued"] == flow["stored"]
    assert all(result["ok"] > 0 for result in results["at_n"].values())
    assert results["at_zero"].keys() == results["at_n"].keys()
    assert results["hello"]["rps"] > 0
    assert results["surge"]["all"]["requests"] > 0
    surge = results["surge"]
    # A one-second surge on a busy machine may store no signature; when it stores any, each
    # cost the form and the POST, with no third request for a token.
    if surge["accepted"]:
        assert surge["requests_per_signature"] == 2, "the form and the POST, no token to fetch"
    assert surge["form_get"]["requests"] >= surge["sign_post"]["requests"], "the form comes first"
    # Every anonymous page public and cookie-free (the signing page without a token).
    assert [h["path"] for h in results["headers"] if not h["ok"]] == []
    text = output.read_text()
    assert "Hello-world Django ceiling" in text
    assert "rows stored afterwards" in text


def _drop(database_url):
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        connect_timeout=5,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    conn.close()
