"""Background tasks: the petition's emails, sent off the request path.

Each task is safe to run twice: it first claims its email (a transition of the
signature, or a cache key) and only the run that claimed it sends. When the mail
server fails, the signature is kept, its email marked failed with the error
(`email_state`, `last_email_error`) and, where the task backend can run a task
later (the database one can; the immediate one cannot), the task is queued again
with an exponential back-off: 1, 2, 4 … 128 minutes, eight attempts in all
(core/tasks.py). An address the mailer cannot take is marked failed at once.

`send_withdrawal_notice` acknowledges a withdrawal once the signature is erased: its
argument is the id of a short-lived record holding the address sealed, never the
address.

`prepare_export` writes a large signature export to private storage for the
organiser who asked for it (petition/exports/prepared.py); it too is safe to run twice.
"""

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.tasks import task

from core.emails import MAILER_ERRORS
from core.tasks import email_failed
from petition import emails
from petition.exports.prepared import export_file_prepare, export_files_purge
from petition.models import Signature, WithdrawalNotice

logger = logging.getLogger(__name__)

# A confirmation email still being sent this long after it was claimed was
# interrupted (the worker was killed while sending it; the email is unlikely to
# have gone), and `resend_confirmations` sends it again. Longer than any send can
# take (the SMTP timeout bounds each step).
INTERRUPTED_AFTER = timedelta(minutes=15)


def _failed(task_obj, signature, exc, attempt, *args):
    """Record why an email about `signature` failed, and queue it again when that may
    help (the mail server down or slow; not an address it cannot take). An error that
    is not the mailer's (a bug) is raised again once recorded: the email is marked
    failed either way, never left "being sent"."""
    error, _retried = email_failed(
        exc, task=task_obj, attempt=attempt, args=(signature.pk, *args), about=f"signature {signature.pk}"
    )
    signature.mark_email_failed(error)
    if not isinstance(exc, MAILER_ERRORS):
        raise exc
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
    except Exception as exc:  # recorded; raised again unless the mailer's
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
    except Exception as exc:  # recorded; raised again unless the mailer's
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
    except Exception as exc:  # recorded; raised again unless the mailer's
        cache.delete(key)
        return _failed(send_already_signed, signature, exc, attempt, nonce)
    signature.mark_email_sent()
    return "sent"


@task
def send_withdrawal_notice(notice_id, attempt=0):
    """The acknowledgement of a withdrawal, to the address kept encrypted in WithdrawalNotice
    `notice_id` (the signature itself is erased). The notice is deleted once the email
    is sent or given up on; notices past every retry are deleted on the way."""
    WithdrawalNotice.objects.expired().delete()
    notice = WithdrawalNotice.objects.select_related("petition").filter(pk=notice_id).first()
    if notice is None or not notice.take_turn(attempt):
        return "skipped"
    try:
        emails.send_withdrawal_notice(notice)
    except Exception as exc:  # logged; raised again unless the mailer's
        _error, retried = email_failed(
            exc,
            task=send_withdrawal_notice,
            attempt=attempt,
            args=(notice_id,),
            about=f"withdrawal notice {notice_id}",
        )
        if not retried:
            notice.delete()
        if not isinstance(exc, MAILER_ERRORS):
            raise
        return "failed"
    notice.delete()
    return "sent"


@task
def prepare_export(export_id):
    """Prepare the queued signature export `export_id` (an ExportFile) in private storage,
    then delete prepared exports past their retention period."""
    outcome = export_file_prepare(export_id)
    export_files_purge()
    return outcome
