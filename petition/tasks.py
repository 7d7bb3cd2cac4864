"""Background tasks: the petition's emails, sent off the request path.

Each task is safe to run twice: it first claims its email (a transition of the
signature, or a cache key) and only the run that claimed it sends. When the mail
server fails, the signature is kept, its email marked failed with the error
(`email_state`, `last_email_error`) and, where the task backend can run a task
later (the database one can; the immediate one cannot), the task is queued again
with an exponential back-off: 1, 2, 4 … 128 minutes, eight attempts in all.

`prepare_export` writes a large signature export to private storage for the
organiser who asked for it (petition/exports/prepared.py); it too is safe to run twice.
"""

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from petition import emails
from petition.exports.prepared import export_file_prepare, export_files_purge
from petition.models import Signature

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# A confirmation email still being sent this long after it was claimed was
# interrupted (the worker was killed while sending it; the email is unlikely to
# have gone), and `resend_confirmations` sends it again. Longer than any send can
# take (the SMTP timeout bounds each step).
INTERRUPTED_AFTER = timedelta(minutes=15)


def backoff(attempt):
    """Delay before attempt number `attempt + 1` (attempts count from 0)."""
    return timedelta(minutes=2**attempt)


def _retry(task_obj, attempt, *args):
    """Queue the task again later; False when the backend cannot or attempts are used up."""
    if attempt + 1 >= MAX_ATTEMPTS or not task_obj.get_backend().supports_defer:
        return False
    task_obj.using(run_after=timezone.now() + backoff(attempt)).enqueue(*args, attempt=attempt + 1)
    return True


def _failed(task_obj, signature, exc, attempt, *args):
    error = emails.describe_error(exc)
    signature.mark_email_failed(error)
    retried = _retry(task_obj, attempt, signature.pk, *args)
    # The log names the signature, never its address.
    logger.warning(
        "Email for signature %s failed (attempt %s, %s): %s",
        signature.pk,
        attempt + 1,
        "retrying" if retried else "giving up",
        error,
    )
    return "failed"


@task
def send_confirmation(signature_id, number, attempt=0):
    """Send confirmation email `number` (1 for the first) for a pending signature.

    Several requests for the same number (a double click, a duplicate signing while
    the first is queued, a re-run) send one email: the run that claims it sends it.
    """
    signature = (
        Signature.objects.select_related("petition")
        .pending()
        .filter(pk=signature_id, confirmation_send_count=number - 1)
        .first()
    )
    if signature is None:
        return "skipped"
    previous_sent_at = signature.confirmation_sent_at
    if not signature.claim_confirmation_email(number):
        return "skipped"
    try:
        emails.send_signature_email("confirm", signature)
    except OSError as exc:  # smtplib.SMTPException and socket errors are OSErrors
        signature.release_confirmation_email(number, sent_at=previous_sent_at)
        return _failed(send_confirmation, signature, exc, attempt, number)
    signature.mark_email_sent(number=number)
    return "sent"


@task
def send_reminder(signature_id, attempt=0):
    """The one reminder to a signature still pending a day after signing."""
    signature = (
        Signature.objects.select_related("petition")
        .pending()
        .filter(pk=signature_id, reminder_sent_at__isnull=True)
        .first()
    )
    if signature is None or not signature.claim_reminder():
        return "skipped"
    try:
        emails.send_signature_email("reminder", signature)
    except OSError as exc:
        signature.release_reminder()
        return _failed(send_reminder, signature, exc, attempt)
    signature.mark_email_sent()
    return "sent"


def new_nonce():
    return uuid.uuid4().hex


@task
def send_already_signed(signature_id, nonce, attempt=0):
    """Tell a confirmed signer who signed again that their signature already counts.

    `nonce` names this one email: a second run with the same nonce sends nothing.
    """
    key = f"petition:mail:already-signed:{nonce}"
    if not cache.add(key, 1, timeout=7 * 86400):
        return "skipped"
    signature = Signature.objects.select_related("petition").confirmed().filter(pk=signature_id).first()
    if signature is None:
        return "skipped"
    try:
        emails.send_signature_email("already-signed", signature)
    except OSError as exc:
        cache.delete(key)
        return _failed(send_already_signed, signature, exc, attempt, nonce)
    signature.mark_email_sent()
    return "sent"


@task
def prepare_export(export_id):
    """Prepare the queued signature export `export_id` (an ExportFile) in private storage,
    then delete prepared exports past their retention period."""
    outcome = export_file_prepare(export_id)
    export_files_purge()
    return outcome
