"""Background work for the campaign pages: the contact emails, sent by the task worker.

The message is already stored when these run: a mail server that is down loses no
message. A failure is recorded on the message (shown in the admin) and raised, so
the worker marks the task as failed too.
"""

from smtplib import SMTPException

from django.tasks import task
from django.utils import timezone

from campaign import emails
from campaign.models import ContactMessage


def _record_failure(message_id, exc):
    ContactMessage.objects.filter(pk=message_id).update(last_email_error=f"{type(exc).__name__}: {exc}"[:300])


@task
def contact_notify(message_id):
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None or message.notified_at:
        return False
    try:
        sent = emails.contact_notification_send(message)
    except (SMTPException, OSError) as exc:
        _record_failure(message_id, exc)
        raise
    if sent:
        ContactMessage.objects.filter(pk=message_id).update(notified_at=timezone.now())
    return sent


@task
def contact_acknowledge(message_id):
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None or message.acknowledged_at:
        return False
    try:
        emails.contact_acknowledgement_send(message)
    except (SMTPException, OSError) as exc:
        _record_failure(message_id, exc)
        raise
    ContactMessage.objects.filter(pk=message_id).update(acknowledged_at=timezone.now())
    return True
