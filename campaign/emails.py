"""The contact form's emails: the message to the campaign and the thanks to its sender.

Rendered and sent by `core.emails.send_email` from `templates/emails/contact-*`.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.emails import campaign_address, send_email
from core.links import absolute_url


def contact_notification_send(message):
    """Tell the campaign about a new message; the sender's address is the reply-to."""
    to = campaign_address()
    if not to:
        return False
    context = {
        "message": message,
        "admin_url": absolute_url(reverse("admin:campaign_contactmessage_change", args=[message.pk])),
        "site_url": settings.SITE_URL,
    }
    send_email(
        "contact-notification",
        to=to,
        language=settings.LANGUAGE_CODE,
        context=context,
        reply_to=message.email,
    )
    return True


def contact_acknowledgement_send(message):
    """Thank the sender, in the language they wrote in."""
    with translation.override(message.language):
        context = {"message": message, "petition_url": absolute_url(reverse("petition:sign"))}
    send_email(
        "contact-acknowledgement",
        to=message.email,
        language=message.language,
        context=context,
        reply_to=campaign_address() or None,
    )
