"""Faults degrade calmly and lose no signature.

- A slow or locked database: the statement timeout stops the request fast with the
  translated 503 instead of holding a worker (PostgreSQL).
- A mail server that refuses connections, or accepts them and never answers: the
  sign POST does not wait for it (the email is a task), the signature is kept,
  the worker gives up within the SMTP timeout, records the error (shown in the
  admin) and queues a retry with back-off.
- A worker killed mid-task: never two confirmations, and one killed before the
  mail server took the email leaves a mark that `resend_confirmations` acts on.
- Redis down: real pages are served and signatures taken.
"""

import smtplib
import socket
import threading
import time
from datetime import timedelta
from io import StringIO
from unittest.mock import patch

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus as ResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from campaign.settings import mailers_from_url
from petition import emails, tasks
from petition.models import Signature
from tests.factories import PendingSignatureFactory, SuperUserFactory
from tests.petition.conftest import form_data
from tests.processes import scaled

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement timeout"
)


# --- A slow or locked database ---------------------------------------------------------------


@pytest.fixture
def short_statement_timeout(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s", "the configured timeout reaches every connection"
        cursor.execute("SET statement_timeout = 100")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")


@pytest.fixture
def locked_signatures(transactional_db):
    """Another session holds an exclusive lock on the signatures table (a long migration, a stuck job)."""
    params = connection.get_connection_params()
    other = psycopg2.connect(
        **{k: params[k] for k in ("host", "port", "user", "password", "dbname") if params.get(k) is not None}
    )
    with other.cursor() as cursor:
        cursor.execute("LOCK TABLE petition_signature IN ACCESS EXCLUSIVE MODE")
    yield
    other.rollback()
    other.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "phrase"), [("en", "busy for a moment"), ("zh-hant", "網站暫時繁忙")])
def test_a_locked_table_gives_the_translated_503_within_the_statement_timeout(
    client, language, phrase, short_statement_timeout, locked_signatures
):
    from tests.factories import PetitionFactory

    PetitionFactory(is_current=True)
    for path in (f"/{language}/petition/signatures/", f"/{language}/petition/"):
        started = time.monotonic()
        response = client.get(path)
        elapsed = time.monotonic() - started
        assert response.status_code == 503, path
        # The lock is held until the test ends: without the statement timeout this would
        # wait for ever. The bound is loose so that a busy machine does not break it.
        assert elapsed < scaled(15), f"{path} waited {elapsed:.1f} s"
        html = response.content.decode()
        assert phrase in html
        assert "Traceback" not in html and "statement timeout" not in html
        assert response["Retry-After"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_slow_query_gives_the_503_and_the_next_request_is_served(client, settings, short_statement_timeout):
    from tests.factories import PetitionFactory

    PetitionFactory(is_current=True)
    settings.ROOT_URLCONF = "tests.security.slow_urls"
    started = time.monotonic()
    response = client.get("/en/slow/")
    assert response.status_code == 503
    assert time.monotonic() - started < scaled(15, at_most=25), (
        "the statement timeout ends it (the query sleeps 30 s)"
    )
    settings.ROOT_URLCONF = django_settings.ROOT_URLCONF
    assert client.get("/en/petition/").status_code == 200, "the connection recovers by itself"


# --- The mail server down, or silent ---------------------------------------------------------


class SilentMailServer:
    """Accepts connections on 127.0.0.1 and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["silent", "refusing"])
def broken_mail_server(request, settings):
    server = SilentMailServer() if request.param == "silent" else None
    port = server.port if server else closed_port()
    settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{port}?timeout=1")
    yield request.param
    if server:
        server.close()


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SIGN_MIN_SECONDS = 0


def run_ready_tasks():
    """What `manage.py db_worker` does with each ready task."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


@pytest.mark.django_db
def test_a_broken_mail_server_neither_slows_signing_nor_loses_the_signature(
    client, petition, broken_mail_server, database_queue, django_capture_on_commit_callbacks
):
    connections = []
    connect = smtplib.SMTP.connect

    def counted_connect(self, *args, **kwargs):
        connections.append(1)
        return connect(self, *args, **kwargs)

    with (
        patch.object(smtplib.SMTP, "connect", counted_connect),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/en/petition/", form_data())
    assert response.status_code == 302
    assert connections == [], "the request does not talk to the mail server"
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING

    started = time.monotonic()
    assert run_ready_tasks() == 1
    # Without a timeout a silent server holds the worker for ever; the bound is loose so
    # that a busy machine does not break it.
    assert time.monotonic() - started < scaled(30), "bounded by the SMTP timeout (1 s here)"

    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.FAILED, "the failure is recorded"
    assert signature.last_email_error, "and why"
    assert ("timed out" in signature.last_email_error.lower()) == (broken_mail_server == "silent")
    assert signature.confirmation_send_count == 0
    retry = DBTaskResult.objects.get(status=ResultStatus.READY)
    assert retry.task_path == "petition.tasks.send_confirmation"
    assert retry.args_kwargs == {"args": [signature.pk, 1], "kwargs": {"attempt": 1}}
    assert retry.run_after >= timezone.now() + timedelta(seconds=50), "retried later, with back-off"
    assert run_ready_tasks() == 0, "not before its time"


@pytest.mark.django_db
def test_the_mail_error_is_shown_to_organisers_and_the_retry_sends_once_the_server_is_back(
    client, petition, database_queue, settings, mailoutbox
):
    settings.MAILERS = mailers_from_url(f"smtp://127.0.0.1:{closed_port()}?timeout=1")
    signature = PendingSignatureFactory(petition=petition)
    tasks.send_confirmation.enqueue(signature.pk, 1)
    run_ready_tasks()
    signature.refresh_from_db()
    error = signature.last_email_error
    assert "ConnectionRefused" in error

    organiser = Client()
    organiser.force_login(SuperUserFactory())
    settings.AXES_ENABLED = False
    page = organiser.get(f"/{settings.ADMIN_URL}petition/signature/{signature.pk}/change/")
    assert page.status_code == 200
    assert error in page.content.decode()

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    DBTaskResult.objects.filter(status=ResultStatus.READY).update(run_after=timezone.now())
    assert run_ready_tasks() == 1
    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.SENT
    assert signature.last_email_error == ""
    assert signature.confirmation_send_count == 1
    assert len(mailoutbox) == 1


def test_the_smtp_timeout_is_on_by_default():
    assert mailers_from_url("smtp://mail.example.org:25")["default"]["OPTIONS"]["timeout"] == 10


# --- A worker killed mid-task --------------------------------------------------------------


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after this line runs."""


@pytest.fixture
def killed(monkeypatch):
    real_send = emails.send_signature_email

    def kill(when):
        def send(name, signature):
            if when == "after":
                real_send(name, signature)
            raise WorkerKilled

        monkeypatch.setattr(emails, "send_signature_email", send)

    yield kill
    monkeypatch.setattr(emails, "send_signature_email", real_send)


@pytest.mark.django_db
def test_a_worker_killed_after_the_email_went_never_sends_it_twice(petition, mailoutbox, killed, monkeypatch):
    signature = PendingSignatureFactory(petition=petition)
    killed("after")
    with pytest.raises(WorkerKilled):
        tasks.send_confirmation.call(signature.pk, 1)
    assert len(mailoutbox) == 1
    monkeypatch.undo()
    # The task is run again (a restarted worker, a duplicate in the queue), and resend runs.
    assert tasks.send_confirmation.call(signature.pk, 1) == "skipped"
    call_command("resend_confirmations", stdout=StringIO())
    assert len(mailoutbox) == 1, "no second confirmation while the first may be on its way"


@pytest.mark.django_db
def test_a_worker_killed_before_the_email_went_is_marked_and_resent_once(
    petition, mailoutbox, killed, monkeypatch
):
    signature = PendingSignatureFactory(petition=petition)
    killed("before")
    with pytest.raises(WorkerKilled):
        tasks.send_confirmation.call(signature.pk, 1)
    monkeypatch.undo()
    assert mailoutbox == []
    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.SENDING, "marked as being sent"

    out = StringIO()
    call_command("resend_confirmations", stdout=out)
    assert "Queued 0" in out.getvalue(), "not while it might still be sending"
    Signature.objects.filter(pk=signature.pk).update(
        confirmation_sent_at=timezone.now() - tasks.INTERRUPTED_AFTER - timedelta(minutes=1)
    )
    call_command("resend_confirmations", stdout=out)
    call_command("resend_confirmations", stdout=out)
    assert len(mailoutbox) == 1, "sent once, however often the command runs"
    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.SENT
    assert signature.last_email_error == ""
    assert signature.confirmation_send_count == 2


# --- Redis down ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_down_every_page_is_served_and_signatures_are_taken(
    client, petition, settings, mailoutbox
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SIGN_MIN_SECONDS = 0
    started = time.monotonic()
    for path in (
        "/en/",
        "/zh-hant/petition/",
        "/en/petition/signatures/",
        "/api/petition.json",
        "/sitemap.xml",
    ):
        assert client.get(path).status_code == 200, path
    assert client.post("/en/petition/", form_data()).status_code == 302
    assert Signature.objects.count() == 1
    assert time.monotonic() - started < scaled(5), "a dead cache is skipped, not waited on"
