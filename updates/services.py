"""The verbs of updates: send, pause, resume, cancel, test, unsubscribe, suppress."""

from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue_on_commit
from petition.addresses import email_hash
from petition.models import Petition, Signature
from updates import tasks
from updates.models import DeliveryPack, Recipient, Suppression, Update


class NotReady(Exception):
    """An update that lacks a language, or is not a draft any more."""


def update_send(*, update, send_at=None):
    """Queue a draft update for sending (now, or at `send_at`). Raises NotReady when a
    language lacks its subject or body: no one is written to in English where Chinese was due."""
    if update.missing_languages():
        raise NotReady("missing languages")
    with transaction.atomic():
        if not update.schedule(send_at=send_at):
            raise NotReady("not a draft")
        enqueue_on_commit(tasks.send_update, update.pk)
    return update


def update_pause(*, update):
    return update.pause()


def update_resume(*, update):
    with transaction.atomic():
        resumed = update.resume()
        if resumed:
            enqueue_on_commit(tasks.send_update, update.pk)
    return resumed


def update_cancel(*, update):
    return update.cancel()


def _send_again(update, state):
    """Queue again the update's rows in `state`; a finished update is sent again, one
    still sending or paused takes them in its run."""
    with transaction.atomic():
        queued = update.recipients.filter(state=state).update(state=Recipient.State.QUEUED, error="", run="")
        if queued and Update.objects.filter(pk=update.pk, state=Update.State.SENT).update(
            state=Update.State.SCHEDULED
        ):
            enqueue_on_commit(tasks.send_update, update.pk)
    return queued


def update_retry_failed(*, update):
    """Queue again the rows the mail server refused for now, and send them."""
    return _send_again(update, Recipient.State.FAILED)


def update_resend_unknown(*, update):
    """Queue again the rows a killed worker left unknown: each may have been delivered,
    so sending them is an Organiser's choice to risk a second copy rather than none."""
    return _send_again(update, Recipient.State.UNKNOWN)


def update_send_test(*, update, address):
    """The update in its three languages to an Organiser's own address, through the worker."""
    with transaction.atomic():
        enqueue_on_commit(tasks.send_update_test, update.pk, address)


def suppress(*, address_hash, reason, now=None):
    """No update goes to this address (its keyed hash) again: its queued rows are dropped,
    and its signatures' consent to news is withdrawn with the time."""
    now = now or timezone.now()
    with transaction.atomic():
        Suppression.objects.get_or_create(
            email_hash=address_hash, defaults={"reason": reason, "created_at": now}
        )
        Recipient.objects.filter(
            email_hash=address_hash,
            state__in=[Recipient.State.QUEUED, Recipient.State.FAILED, Recipient.State.UNKNOWN],
        ).update(state=Recipient.State.SUPPRESSED, email="")
        if reason == Suppression.Reason.BOUNCED:
            return  # an address that bounced did not withdraw anything
        # One lookup per petition: the index on the address's hash leads with the petition.
        for petition_id in Petition.objects.values_list("pk", flat=True):
            Signature.objects.filter(petition_id=petition_id, email_canonical=address_hash).stop_updates(
                now=now
            )


def recipient_unsubscribe(*, recipient):
    """One click on an update's unsubscribe link: every later update stops."""
    suppress(address_hash=recipient.email_hash, reason=Suppression.Reason.UNSUBSCRIBED)


def address_suppress(*, address, reason):
    """A provider's bounce or complaint about an address (updates/webhooks.py)."""
    suppress(address_hash=email_hash(address), reason=reason)


def delivery_pack_queue(*, pack):
    """Queue the writing of a delivery pack by the task worker."""
    with transaction.atomic():
        DeliveryPack.objects.filter(pk=pack.pk).update(state=DeliveryPack.State.QUEUED)
        enqueue_on_commit(tasks.make_delivery_pack, pack.pk)
