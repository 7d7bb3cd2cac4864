"""Background work for the campaign pages: the contact emails, sent by the task worker.

The message is already stored when these run: a mail server that is down loses no
message. A failure is recorded on the message (shown in the admin, without any
address) and, where the task backend can run a task later, the email is tried again
with the back-off of every email (core/tasks.py). An error that is not the mailer's
(a bug) is raised again once recorded.
"""

import logging

from django.tasks import task
from django.utils import timezone

from campaign import emails
from campaign.models import ContactMessage
from core.emails import MAILER_ERRORS
from core.tasks import email_failed

logger = logging.getLogger(__name__)


def _failed(task_obj, message_id, exc, attempt):
    error, _retried = email_failed(
        exc, task=task_obj, attempt=attempt, args=(message_id,), about=f"contact message {message_id}"
    )
    ContactMessage.objects.filter(pk=message_id).update(last_email_error=error)
    if not isinstance(exc, MAILER_ERRORS):
        raise exc
    return False


@task
def contact_notify(message_id, attempt=0):
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None or message.notified_at:
        return False
    try:
        sent = emails.contact_notification_send(message)
    except Exception as exc:  # recorded; raised again unless the mailer's
        return _failed(contact_notify, message_id, exc, attempt)
    if sent:
        ContactMessage.objects.filter(pk=message_id).update(notified_at=timezone.now(), last_email_error="")
    return sent


@task
def contact_acknowledge(message_id, attempt=0):
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None or message.acknowledged_at:
        return False
    try:
        emails.contact_acknowledgement_send(message)
    except Exception as exc:  # recorded; raised again unless the mailer's
        return _failed(contact_acknowledge, message_id, exc, attempt)
    ContactMessage.objects.filter(pk=message_id).update(acknowledged_at=timezone.now())
    return True
