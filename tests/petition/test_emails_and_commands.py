"""Emails off the request path: failures kept and retried, re-runs harmless; the commands."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from core.tasks import MAX_ATTEMPTS
from petition import tasks
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_mail(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail.example.org: service not available for chan@example.org")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)


@pytest.fixture
def deferring_backend(settings):
    """A task backend that can run tasks later (like the database one) and records them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_when_the_mail_server_is_down_the_signature_is_kept_and_the_error_recorded(sign, broken_mail):
    assert sign().status_code == 302
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING
    assert signature.email_state == Signature.EmailState.FAILED
    assert "SMTPConnectError" in signature.last_email_error
    assert "chan@example.org" not in signature.last_email_error, "no address in the record"
    assert signature.confirmation_send_count == 0, "not counted as sent"


def test_a_failed_email_is_retried_later_with_growing_delays(petition, broken_mail, deferring_backend):
    signature = PendingSignatureFactory(petition=petition)
    before = timezone.now()
    assert tasks.send_confirmation.call(signature.pk, 1) == "failed"
    retry = deferring_backend.results[-1]
    assert retry.task.name == "send_confirmation"
    assert retry.args == [signature.pk, 1] or retry.args == (signature.pk, 1)
    assert retry.kwargs == {"attempt": 1}
    assert retry.task.run_after >= before + timedelta(minutes=1)
    tasks.send_confirmation.call(signature.pk, 1, attempt=3)
    assert deferring_backend.results[-1].task.run_after >= before + timedelta(minutes=8)


def test_retries_stop_after_the_last_attempt(petition, broken_mail, deferring_backend):
    signature = PendingSignatureFactory(petition=petition)
    tasks.send_confirmation.call(signature.pk, 1, attempt=MAX_ATTEMPTS - 1)
    assert deferring_backend.results == []


def test_a_retry_that_succeeds_clears_the_error(petition, mailoutbox):
    signature = PendingSignatureFactory(petition=petition, email_failed=True)
    assert tasks.send_confirmation.call(signature.pk, 1) == "sent"
    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.SENT
    assert signature.last_email_error == ""
    assert len(mailoutbox) == 1


def test_running_a_confirmation_task_twice_sends_one_email(petition, mailoutbox):
    signature = PendingSignatureFactory(petition=petition)
    assert tasks.send_confirmation.call(signature.pk, 1) == "sent"
    assert tasks.send_confirmation.call(signature.pk, 1) == "skipped"
    assert len(mailoutbox) == 1
    signature.refresh_from_db()
    assert signature.confirmation_send_count == 1
    assert signature.confirmation_sent_at is not None


def test_no_confirmation_goes_to_a_confirmed_signature(petition, mailoutbox):
    signature = ConfirmedSignatureFactory(petition=petition)
    assert tasks.send_confirmation.call(signature.pk, 1) == "skipped"
    assert mailoutbox == []


def test_an_already_signed_email_is_sent_once_per_request(petition, mailoutbox):
    signature = ConfirmedSignatureFactory(petition=petition)
    assert tasks.send_already_signed.call(signature.pk, "n1") == "sent"
    assert tasks.send_already_signed.call(signature.pk, "n1") == "skipped"
    assert len(mailoutbox) == 1


def test_signing_with_the_database_queue_enqueues_in_the_same_transaction(sign, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign()
    signature = Signature.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "petition.tasks.send_confirmation"
    assert queued.args_kwargs["args"] == [signature.pk, 1]


# --- Reminders ---------------------------------------------------------------------------


def test_one_reminder_goes_to_signatures_pending_for_a_day(petition, mailoutbox):
    now = timezone.now()
    due = PendingSignatureFactory(petition=petition, created_at=now - timedelta(hours=25), language="zh-hant")
    PendingSignatureFactory(petition=petition, created_at=now - timedelta(hours=2))
    PendingSignatureFactory(petition=petition, created_at=now - timedelta(days=9))
    ConfirmedSignatureFactory(petition=petition, created_at=now - timedelta(days=2))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "1 reminder" in out.getvalue()
    assert [m.to for m in mailoutbox] == [[due.email]]
    assert "/zh-hant/petition/confirm/" in mailoutbox[0].body
    due.refresh_from_db()
    assert due.reminder_sent_at is not None

    call_command("send_reminders", stdout=StringIO())
    assert len(mailoutbox) == 1, "only one reminder, however often the command runs"


def test_a_reminder_task_run_twice_sends_once(petition, mailoutbox):
    signature = PendingSignatureFactory(petition=petition, created_at=timezone.now() - timedelta(days=2))
    tasks.send_reminder.call(signature.pk)
    tasks.send_reminder.call(signature.pk)
    assert len(mailoutbox) == 1


def test_a_failed_reminder_can_be_sent_later(petition, broken_mail):
    signature = PendingSignatureFactory(petition=petition, created_at=timezone.now() - timedelta(days=2))
    assert tasks.send_reminder.call(signature.pk) == "failed"
    signature.refresh_from_db()
    assert signature.reminder_sent_at is None
    assert signature.email_state == Signature.EmailState.FAILED
    assert signature.last_email_error


# --- Resending confirmations --------------------------------------------------------------


def test_resend_confirmations_requeues_the_failed_and_the_never_sent(petition, mailoutbox):
    failed = PendingSignatureFactory(petition=petition, email_failed=True)
    never = PendingSignatureFactory(petition=petition)
    PendingSignatureFactory(petition=petition, confirmation_send_count=1, confirmation_sent_at=timezone.now())
    PendingSignatureFactory(petition=petition, created_at=timezone.now() - timedelta(days=60))
    out = StringIO()
    call_command("resend_confirmations", stdout=out)
    assert "2 confirmation" in out.getvalue()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([failed.email, never.email])


def test_resend_confirmations_all_sends_to_every_pending_signature(petition, mailoutbox):
    PendingSignatureFactory(petition=petition, confirmation_send_count=1, confirmation_sent_at=timezone.now())
    PendingSignatureFactory(petition=petition)
    call_command("resend_confirmations", "--all", stdout=StringIO())
    assert len(mailoutbox) == 2
