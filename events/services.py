"""The verbs of moderation: an Organiser publishes an action, asks for changes or rejects it.

Each moves the action through its model method (which guards the state) and, when it
did, queues the email to the submitter in the language they wrote in. Nothing here
waits on the mail server: the task worker sends.
"""

from django.db import transaction

from core.tasks import enqueue_on_commit
from events import tasks
from events.models import Event

PUBLISHED, CHANGES, REJECTED = "published", "changes", "rejected"


def _notify(event, outcome):
    if event.submitter_email:
        enqueue_on_commit(tasks.send_moderation_email, event.pk, outcome)


@transaction.atomic
def event_publish(*, event: Event) -> bool:
    published = event.publish()
    if published:
        _notify(event, PUBLISHED)
    return published


@transaction.atomic
def event_request_changes(*, event: Event, message: str) -> bool:
    changed = event.request_changes(message.strip())
    if changed:
        _notify(event, CHANGES)
    return changed


@transaction.atomic
def event_reject(*, event: Event, message: str) -> bool:
    rejected = event.reject(message.strip())
    if rejected:
        _notify(event, REJECTED)
    return rejected


@transaction.atomic
def event_cancel(*, event: Event) -> bool:
    """Cancel an action (an Organiser, or its submitter through the manage link)."""
    return event.cancel()
