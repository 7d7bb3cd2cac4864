"""Emails about actions, sent by the task worker."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import MAILER_ERRORS, campaign_address, send_email
from core.links import absolute_url
from core.tasks import email_failed, enqueue_on_commit
from events.models import Attendee, Event, LocalGroup, RelayedMessage
from events.selectors import reminders_due
from events.tokens import attendee_token

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


# --- Supporters' emails ------------------------------------------------------------

JOIN_CONFIRM, JOIN_ALREADY = "confirm", "already"
CHANGED, CANCELLED = "changed", "cancelled"
JOIN_EMAILS = {JOIN_CONFIRM: "event-join-confirm", JOIN_ALREADY: "event-join-already"}
NOTICE_EMAILS = {CHANGED: "event-changed", CANCELLED: "event-cancelled"}


def _send(task, args, about, template, *, to, language, context, reply_to=None, attempt=0):
    """Send one email; on a mailer's failure, queue `task` again with `args` when it may pass."""
    try:
        send_email(template, to=to, language=language, context=context, reply_to=reply_to)
    except Exception as exc:  # retried when the mail server may recover; a bug is raised again
        email_failed(exc, task=task, attempt=attempt, args=args, about=about)
        if not isinstance(exc, MAILER_ERRORS):
            raise
        return "failed"
    return "sent"


def _link(name, language, **kwargs):
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs))


@task
def send_submitted_email(event_id, attempt=0):
    """The submitter's link to confirm their address and manage their action. The token is
    made here, so that it is never stored but as a hash (a retry makes a new one). The
    address is not yet confirmed: the email carries no word the submitter typed."""
    event = Event.objects.filter(pk=event_id).exclude(submitter_email="").first()
    if event is None or event.status in (Event.Status.REJECTED, Event.Status.CANCELLED):
        return "skipped"
    token = event.new_manage_token()
    Event.objects.filter(pk=event.pk).update(manage_token_hash=event.manage_token_hash)
    language = event.submitter_language
    context = {"manage_url": _link("events:manage", language, token=token)}
    return _send(
        send_submitted_email,
        (event_id,),
        f"event {event_id}",
        "event-submitted",
        to=event.submitter_email,
        language=language,
        context=context,
        attempt=attempt,
    )


def _attendee_context(attendee):
    event = attendee.event
    return {
        "event": event,
        "event_url": _link("events:detail", attendee.language, slug=event.slug),
        "attendee_url": _link("events:attendee", attendee.language, token=attendee_token(attendee)),
    }


@task
def send_join_email(attendee_id, kind, attempt=0):
    """To the address typed in "I'll be there": the link to confirm (or, already confirmed,
    the link to leave). The name typed is not in it: the address is not yet confirmed."""
    attendee = Attendee.objects.select_related("event").filter(pk=attendee_id).first()
    if attendee is None or kind not in JOIN_EMAILS or attendee.status == Attendee.Status.CANCELLED:
        return "skipped"
    return _send(
        send_join_email,
        (attendee_id, kind),
        f"attendee {attendee_id}",
        JOIN_EMAILS[kind],
        to=attendee.email,
        language=attendee.language,
        context=_attendee_context(attendee),
        attempt=attempt,
    )


@task
def send_reminders():
    """The periodic job (PERIODIC_TASKS): claim each reminder now due (once, however many
    workers run this) and queue its email. Returns how many were queued."""
    now = timezone.now()
    queued = 0
    for pk in reminders_due(now).values_list("pk", flat=True):
        with transaction.atomic():  # the claim and its email's task commit together
            if Attendee.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                enqueue_on_commit(send_reminder, pk)
                queued += 1
    return queued


@task
def send_reminder(attendee_id, attempt=0):
    """The day before: the action's time in its own zone, in the attendee's language."""
    attendee = Attendee.objects.select_related("event").filter(pk=attendee_id).first()
    if (
        attendee is None
        or attendee.status != Attendee.Status.CONFIRMED
        or not attendee.event.is_published
        or attendee.event.is_past
    ):
        return "skipped"
    return _send(
        send_reminder,
        (attendee_id,),
        f"attendee {attendee_id}",
        "event-reminder",
        to=attendee.email,
        language=attendee.language,
        context=_attendee_context(attendee),
        attempt=attempt,
    )


@task
def notify_attendees(event_id, change):
    """Queue the notice of a new time or a cancellation to each confirmed attendee."""
    if change not in NOTICE_EMAILS:
        return 0
    ids = list(Attendee.objects.confirmed().filter(event_id=event_id).values_list("pk", flat=True))
    for pk in ids:
        send_attendee_notice.enqueue(pk, change)
    return len(ids)


@task
def send_attendee_notice(attendee_id, change, attempt=0):
    attendee = Attendee.objects.select_related("event").filter(pk=attendee_id).first()
    if attendee is None or attendee.status != Attendee.Status.CONFIRMED or change not in NOTICE_EMAILS:
        return "skipped"
    return _send(
        send_attendee_notice,
        (attendee_id, change),
        f"attendee {attendee_id}",
        NOTICE_EMAILS[change],
        to=attendee.email,
        language=attendee.language,
        context=_attendee_context(attendee),
        attempt=attempt,
    )


def _recipient(message):
    """(address, what it is about, language) for a relayed message; no address when the
    group or the action has gone or no longer takes messages."""
    if message.kind == RelayedMessage.Kind.GROUP:
        group = LocalGroup.objects.filter(pk=message.target_id).exclude(contact_email="").first()
        return (group.contact_email, group, group.language) if group else (None, None, "en")
    if message.kind == RelayedMessage.Kind.EVENT:
        event = Event.objects.filter(pk=message.target_id).exclude(submitter_email="").first()
        return (event.submitter_email, event, event.submitter_language) if event else (None, None, "en")
    return campaign_address(), None, settings.LANGUAGE_CODE


@task
def relay_message(message_id, attempt=0):
    """A message written on the site (RelayedMessage `message_id`), passed on within our
    own fixed words, as plain text: to a group's private address or an action's organiser
    (the sender's address is the Reply-To only when they agreed; they never see the
    recipient's), or a request to start a group to the Organisers. The record is deleted
    once the email is sent or given up on; records past every retry on the way."""
    RelayedMessage.objects.expired().delete()
    message = RelayedMessage.objects.filter(pk=message_id).first()
    if message is None or not message.take_turn(attempt):
        return "skipped"
    to, about, recipient_language = _recipient(message)
    if not to:
        message.delete()
        return "skipped"
    content = message.content
    if message.kind == RelayedMessage.Kind.GROUP_REQUEST:
        template = "group-request"
        context = {
            "request": content,
            "sender_language": message.language,
            "group_language": content.get("language", ""),
        }
        reply_to = content["email"]
    else:
        template, reply_to = "relayed-message", content["email"] or None
        context = {
            "target": message.kind,
            "about": about,
            "sender_name": content["name"],
            "sender_email": content["email"],
            "message": content["message"],
            "sender_language": message.language,
        }
    try:
        send_email(template, to=to, language=recipient_language, context=context, reply_to=reply_to)
    except Exception as exc:  # retried when the mail server may recover; a bug is raised again
        _error, retried = email_failed(
            exc,
            task=relay_message,
            attempt=attempt,
            args=(message_id,),
            about=f"relayed message {message_id}",
        )
        if not retried:
            message.delete()
        if not isinstance(exc, MAILER_ERRORS):
            raise
        return "failed"
    message.delete()
    return "sent"
