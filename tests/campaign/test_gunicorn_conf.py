"""gunicorn.conf.py: what production runs unless the environment says otherwise, and logs
that cannot betray a signer: no client address, no token of an emailed link."""

import http.client
import io
import logging
import os
import runpy
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from core.redact import masked_message, masked_path
from tests.processes import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("GUNICORN_WORKER_CLASS", "GUNICORN_THREADS", "GUNICORN_WORKERS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_keep_connections_alive_one_request_at_a_time(monkeypatch):
    conf = load(monkeypatch)

    assert conf["worker_class"] == "campaign.gunicorn_worker.BalancedThreadWorker"  # gthread, balanced
    assert conf["threads"] == 1
    assert conf["keepalive"] > 0
    assert conf["wsgi_app"] == "campaign.wsgi:application"


def test_the_environment_chooses_the_worker_class_threads_and_workers(monkeypatch):
    conf = load(monkeypatch, GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="4", GUNICORN_WORKERS="5")

    assert (conf["worker_class"], conf["threads"], conf["workers"]) == ("sync", 4, 5)


# --- Logs that cannot betray ---------------------------------------------------------------

TOKEN = ".eJyLVjI0MjHRUUrLzMnNL0rVMwJCAAA:1vX3Zs:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


@pytest.mark.parametrize(
    "path",
    [
        f"/en/petition/confirm/{TOKEN}/",
        f"/zh-hant/petition/manage/{TOKEN}/withdraw/",
        "/zh-hans/petition/%6Danage/" + TOKEN.replace(":", "%3A") + "/",
        f"/en/some/future/route/{TOKEN}/",
    ],
)
def test_paths_are_logged_with_their_token_masked(path):
    masked = masked_path(path)

    assert "1vX3Zs" not in masked and "AbCdEf" not in masked
    assert "<token>" in masked


def test_error_messages_are_logged_without_addresses_or_tokens():
    message = masked_message(f"Invalid request from ip=203.0.113.9: 'GET /en/petition/confirm/{TOKEN}/ x'")
    assert "203.0.113.9" not in message and "1vX3Zs" not in message
    assert "2001:db8::" not in masked_message("Invalid request from ip=2001:db8::7")
    assert masked_message("worker 12:30:45 booted (v3.13.0)") == "worker 12:30:45 booted (v3.13.0)"


@pytest.mark.django_db
def test_djangos_own_log_of_a_broken_link_holds_no_token(client, settings):
    """Django logs "Bad Request: <path>" for a link that no longer works; the handler that
    LOGGING sets up masks it before it is written."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    for name in settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(import_string(settings.LOGGING["filters"][name]["()"])())
    django_request = logging.getLogger("django.request")
    django_request.addHandler(handler)
    try:
        client.get(f"/en/petition/confirm/{TOKEN}/")
        client.post(f"/en/petition/manage/{TOKEN}/withdraw/")
    finally:
        django_request.removeHandler(handler)

    assert "petition/" in written.getvalue(), "Django logged the refused links"
    assert "1vX3Zs" not in written.getvalue() and "AbCdEf" not in written.getvalue()


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


SIGNER_LINKS = """
from petition.tokens import make_token
from tests.factories import PendingSignatureFactory
signature = PendingSignatureFactory(petition__is_current=True)
print(make_token(signature, "confirm"), make_token(signature, "manage"))
"""


class Gunicorn:
    """gunicorn with gunicorn.conf.py on a free loopback port, its own database and log files."""

    def __init__(self, directory):
        self.access_log = directory / "access.log"
        self.error_log = directory / "error.log"
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory / 'site.sqlite3'}",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": str(self.access_log),
        }
        manage(self.env, "migrate", "--noinput")
        links = manage(self.env, "shell", "-v", "0", "-c", SIGNER_LINKS)
        self.confirm_token, self.manage_token = links.split()
        with self.error_log.open("w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(CONF), "--no-control-socket"],
                cwd=ROOT,
                env=self.env,
                stdout=errors,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def get(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def send_raw(self, data):
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as sock:
            sock.sendall(data)
            sock.recv(65536)

    def answers(self):
        assert self.process.poll() is None, self.error_log.read_text()
        try:
            return self.get("/healthz") == 200
        except OSError:
            return False

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)


@pytest.fixture
def gunicorn(tmp_path):
    server = Gunicorn(tmp_path)
    try:
        wait_for(server.answers, what="gunicorn to answer")
        yield server
    finally:
        server.stop()


def test_the_access_log_holds_no_address_and_no_token_of_a_signer(gunicorn):
    confirm, manage_token = gunicorn.confirm_token, gunicorn.manage_token
    headers = {
        "X-Forwarded-For": "198.51.100.77",
        "X-Real-IP": "198.51.100.78",
        "Referer": f"http://127.0.0.1/en/petition/manage/{manage_token}/",
        "User-Agent": "Signer's phone",
    }
    assert gunicorn.get(f"/en/petition/confirm/{confirm}/?utm=198.51.100.79", headers) == 200
    assert gunicorn.get(f"/zh-hant/petition/manage/{manage_token}/", headers) == 200
    encoded = "".join(f"%{byte:02X}" for byte in manage_token.encode())
    assert gunicorn.get(f"/zh-hans/petition/%6Danage/{encoded}/", headers) == 200
    # A request line gunicorn cannot parse, which its error log reports with the client's address.
    gunicorn.send_raw(f"GET /en/petition/confirm/{confirm}/ HTTP/1.1 junk\r\n\r\n".encode())
    wait_for(lambda: gunicorn.access_log.read_text().count("\n") >= 4, what="the access log lines")
    gunicorn.stop()

    access = gunicorn.access_log.read_text()
    errors = gunicorn.error_log.read_text()
    assert "/en/petition/confirm/<token>/" in access
    assert "/zh-hant/petition/manage/<token>/" in access
    assert "/zh-hans/petition/manage/<token>/" in access
    assert "Invalid request" in errors
    for log in (access, errors):
        for secret in (confirm, manage_token, encoded, confirm[-20:], manage_token[-20:]):
            assert secret not in log
        for address in ("127.0.0.1", "198.51.100.77", "198.51.100.78", "198.51.100.79"):
            assert address not in log
    assert "Signer's phone" not in access
