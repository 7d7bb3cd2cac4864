"""The verbs of moderation: an Organiser publishes an action, asks for changes or rejects it.

Each moves the action through its model method (which guards the state) and, when it
did, queues the email to the submitter in the language they wrote in. Nothing here
waits on the mail server: the task worker sends.
"""

from django.conf import settings
from django.db import IntegrityError, transaction

from core.hashing import keyed_hash
from core.limits import ip_key, rate_limit_take, rate_limits_take
from core.tasks import enqueue_on_commit
from events import tasks
from events.forms import plain_to_html
from events.models import Attendee, Event, LocalGroup, RelayedMessage, email_hash

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
    """Cancel an action (an Organiser, or its submitter through the manage link); its
    confirmed attendees are told."""
    was_published = event.is_published
    cancelled = event.cancel()
    if cancelled and was_published:
        attendees_notify(event=event, change=tasks.CANCELLED)
    return cancelled


# --- What supporters do: submit an action, join one, write to a group ----------------
# Each public form's service counts the client against its rate limits first (the view
# answers a refused one with the form and a 429); answers never depend on whether an
# address has submitted or joined before.


def submit_allowed(*, ip):
    return rate_limit_take("event-submit", ip_key(ip), settings.EVENT_SUBMIT_RATE_PER_IP)


def join_allowed(*, ip):
    return rate_limit_take("event-join", ip_key(ip), settings.EVENT_JOIN_RATE_PER_IP)


def _mail_to_address_allowed(email):
    """A stranger typing someone's address into the forms again and again must not flood
    them: at most EVENT_MAIL_PER_ADDRESS emails answer such forms per address."""
    return rate_limit_take("event-mail", email_hash(email), settings.EVENT_MAIL_PER_ADDRESS)


def _event_fields(data):
    place = data.get("_place")
    fields = {
        "title": data["title"],
        "kind": data["kind"],
        "description": plain_to_html(data.get("description", "")),
        "starts_at": data["starts_at"],
        "ends_at": data.get("ends_at"),
        "venue": data.get("venue", ""),
        "address": data.get("address", ""),
        "city": data.get("city", ""),
        "country": data.get("country", ""),
        "online_url": data.get("online_url", ""),
        "contact_choice": data["contact_choice"],
        "submitter_name": data["name"],
        # A zone chosen by hand is kept (with the city's coordinates when we know it);
        # otherwise the model finds both from the city.
        "location_manual": bool(data.get("time_zone")),
        "time_zone": data.get("_zone", ""),
        "latitude": place.latitude if place and data.get("time_zone") else None,
        "longitude": place.longitude if place and data.get("time_zone") else None,
    }
    return fields


@transaction.atomic
def event_submit(*, data, ip, language):
    """A supporter's action, awaiting the confirmation of their address. The email (with
    the manage link, whose token is made by the task worker and kept only as a hash)
    is queued with it."""
    event = Event(
        **_event_fields(data),
        submitter_email=data["email"],
        submitter_language=language,
        ip_hash=keyed_hash(ip_key(ip)),
    )
    event.save()
    if _mail_to_address_allowed(event.submitter_email):
        enqueue_on_commit(tasks.send_submitted_email, event.pk)
    return event


@transaction.atomic
def event_confirm(*, event: Event) -> bool:
    """The submitter confirmed their address: the action waits for an Organiser."""
    return event.confirm_email()


@transaction.atomic
def event_edit(*, event: Event, data) -> bool:
    """The submitter's edit of an action not yet published (a published one takes
    event_change_times only). After an Organiser asked for changes, it goes back to them."""
    if event.status not in (Event.Status.UNCONFIRMED, Event.Status.SUBMITTED, Event.Status.CHANGES_REQUESTED):
        return False
    fields = _event_fields(data)
    for name, value in fields.items():
        setattr(event, name, value)
    if not fields["location_manual"]:
        event.latitude = event.longitude = None
    event.save()
    if event.status == Event.Status.CHANGES_REQUESTED:
        event.resubmit()
    return True


@transaction.atomic
def event_change_times(*, event: Event, starts_at, ends_at) -> bool:
    """New times for an action; its confirmed attendees are told when it is published.
    Returns whether anything changed."""
    if (event.starts_at, event.ends_at) == (starts_at, ends_at) or event.status in (
        Event.Status.REJECTED,
        Event.Status.CANCELLED,
    ):
        return False
    event.starts_at, event.ends_at = starts_at, ends_at
    event.save(update_fields=["starts_at", "ends_at", "updated_at"])
    event_times_changed(event=event)
    return True


def event_times_changed(*, event: Event):
    """After an action's times changed (here or in the admin): its attendees are told when
    it is published, and their reminder goes again before the new time."""
    Attendee.objects.filter(event=event).update(reminder_sent_at=None)
    if event.is_published:
        attendees_notify(event=event, change=tasks.CHANGED)


def attendees_notify(*, event: Event, change):
    """Queue the notice of a change (tasks.CHANGED or tasks.CANCELLED) to the action's
    confirmed attendees, one email each, in their languages."""
    if event.attendees.confirmed().exists():
        enqueue_on_commit(tasks.notify_attendees, event.pk, change)


@transaction.atomic
def attendee_join(*, event: Event, data, ip, language):
    """ "I'll be there". One attendee per address per action; whatever the database held
    the answer is the same, and only the address's owner learns more, by email: a new or
    pending attendee gets the confirmation link, a confirmed one a reminder that they
    have joined, one who had left the link to join again."""
    address = data["email"]
    attendee = Attendee.objects.filter(event=event, email_hash=email_hash(address)).first()
    kind = tasks.JOIN_CONFIRM
    if attendee is None:
        attendee = Attendee(
            event=event, name=data["name"], email=address, language=language, ip_hash=keyed_hash(ip_key(ip))
        )
        try:
            with transaction.atomic():
                attendee.save()
        except IntegrityError:  # a second request with the same address won the race
            attendee = Attendee.objects.get(event=event, email_hash=email_hash(address))
            kind = tasks.JOIN_ALREADY if attendee.status == Attendee.Status.CONFIRMED else tasks.JOIN_CONFIRM
    elif attendee.status == Attendee.Status.CONFIRMED:
        kind = tasks.JOIN_ALREADY
    elif attendee.status == Attendee.Status.CANCELLED:
        attendee.rejoin()
    if _mail_to_address_allowed(address):
        enqueue_on_commit(tasks.send_join_email, attendee.pk, kind)
    return attendee


@transaction.atomic
def attendee_confirm(*, attendee: Attendee) -> bool:
    return attendee.confirm()


@transaction.atomic
def attendee_leave(*, attendee: Attendee) -> bool:
    return attendee.cancel()


def contact_allowed(*, ip, target):
    """Per client and per recipient (a group, an action's organiser): one client cannot
    flood a group, and many clients together cannot either."""
    return rate_limits_take(
        [
            ("relay-ip", ip_key(ip), settings.RELAY_RATE_PER_IP),
            ("relay-target", target, settings.RELAY_RATE_PER_TARGET),
        ]
    )


def group_message_relay(*, group: LocalGroup, data, language):
    """Queue a message to a group's private address (the sender never learns it)."""
    if not group.contact_email:
        return False
    _relay(RelayedMessage.Kind.GROUP, _relayed(data), language=language, target_id=group.pk)
    return True


def organiser_message_relay(*, event: Event, data, language):
    """Queue a message to an action's submitter, when they chose to be reached so."""
    if event.contact_choice != Event.Contact.RELAY or not event.submitter_email:
        return False
    _relay(RelayedMessage.Kind.EVENT, _relayed(data), language=language, target_id=event.pk)
    return True


@transaction.atomic
def _relay(kind, content, *, language, target_id=None):
    """Seal the message and queue its email with the record's id alone."""
    message = RelayedMessage.seal(kind, content, language=language, target_id=target_id)
    message.save()
    enqueue_on_commit(tasks.relay_message, message.pk)


def _relayed(data):
    """What of the form is passed on: the sender's address only if they agreed."""
    return {
        "name": data["name"],
        "email": data["email"] if data.get("share_email") else "",
        "message": data["message"],
    }


def group_start_request(*, data, language):
    """Queue a request to start a group to the Organisers' address."""
    request = {key: data.get(key, "") for key in ("name", "email", "city", "country", "message")}
    request["language"] = data.get("language") or language
    _relay(RelayedMessage.Kind.GROUP_REQUEST, request, language=language)
