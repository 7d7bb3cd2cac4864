"""The campaign pages' verbs with side effects."""

from django.db import transaction

from campaign.abuse import keyed_hash
from campaign.models import ContactMessage


def contact_message_create(*, data, language, ip):
    """Store a contact message, then queue the two emails (campaign and sender).

    Stored first, in its own transaction, before anything is queued: an email
    failure never loses the message.
    """
    from campaign.tasks import contact_acknowledge, contact_notify

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
