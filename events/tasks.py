"""Emails about actions, sent by the task worker."""

from django.tasks import task
from django.utils import translation

from core.emails import MAILER_ERRORS, send_email
from core.links import absolute_url
from core.tasks import email_failed
from events.models import Event

MODERATION_EMAILS = {"published": "event-published", "changes": "event-changes", "rejected": "event-rejected"}


@task
def send_moderation_email(event_id, outcome, attempt=0):
    """Tell the submitter what an Organiser decided, in the submitter's language."""
    event = Event.objects.filter(pk=event_id).exclude(submitter_email="").first()
    if event is None or outcome not in MODERATION_EMAILS:
        return "skipped"
    with translation.override(event.submitter_language):
        event_url = absolute_url(event.get_absolute_url())
    context = {"event": event, "event_url": event_url, "message": event.moderation_message}
    try:
        send_email(
            MODERATION_EMAILS[outcome],
            to=event.submitter_email,
            language=event.submitter_language,
            context=context,
        )
    except Exception as exc:  # retried when the mail server may recover; a bug is raised again
        email_failed(
            exc,
            task=send_moderation_email,
            attempt=attempt,
            args=(event_id, outcome),
            about=f"event {event_id}",
        )
        if not isinstance(exc, MAILER_ERRORS):
            raise
        return "failed"
    return "sent"
