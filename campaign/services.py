"""The campaign pages' verbs with side effects."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from campaign.models import ContactMessage, PassedMotion
from campaign.tasks import contact_acknowledge, contact_notify
from core.db import in_batches
from core.hashing import keyed_hash

# How long contact messages are kept (the privacy page promises a year).
CONTACT_MESSAGE_DAYS = 365


def contact_message_create(*, data, language, ip):
    """Store a contact message, then queue the two emails (campaign and sender).

    Stored first, in its own transaction, before anything is queued: an email
    failure never loses the message.
    """
    with transaction.atomic():
        message = ContactMessage.objects.create(
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            country=data.get("country", ""),
            subject=data["subject"],
            message=data["message"],
            language=language,
            ip_hash=keyed_hash(ip) if ip else "",
        )
    for task in (contact_notify, contact_acknowledge):
        task.enqueue(message.pk)
    return message


def contact_messages_purge(*, days=CONTACT_MESSAGE_DAYS, now=None):
    """Delete contact messages received more than `days` ago. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ContactMessage.objects.filter(created_at__lt=cutoff)
    return in_batches(old, lambda pks: ContactMessage.objects.filter(pk__in=pks).delete()[0])


def passed_motion_report(*, data, language, ip):
    """Store a reported motion for moderation; nothing is shown or sent until approved."""
    with transaction.atomic():
        motion = PassedMotion(
            organisation=data["organisation"],
            body=data.get("body", ""),
            country=data["country"],
            passed_on=data["passed_on"],
            members=data.get("members"),
            link=data.get("link", ""),
            summary=data.get("summary", ""),
            reporter_name=data["reporter_name"],
            reporter_email=data["reporter_email"],
            language=language,
            ip_hash=keyed_hash(ip) if ip else "",
        )
        minute = data.get("minute")
        if minute:
            motion.minute.save(minute.name, minute, save=False)
        motion.save()
    return motion
