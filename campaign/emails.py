"""The campaign pages' emails: three templates each, rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.i18n import BCP47
from core.models import SiteSettings


def render_email(name, context, *, language):
    """(subject, text body, HTML body) of templates/emails/<name>-*.{txt,html} in `language`."""
    context = {**context, "language": BCP47.get(language, language)}
    with translation.override(language):
        context.setdefault("campaign_name", _campaign_name())
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def send_email(name, context, *, to, language, reply_to=None):
    subject, text, html = render_email(name, context, language=language)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _campaign_name():
    return SiteSettings.get_solo().campaign_name


def campaign_address():
    """Where contact messages go: CAMPAIGN_EMAIL, else the contact email in the site settings."""
    return settings.CAMPAIGN_EMAIL or SiteSettings.get_solo().contact_email


def contact_notification_send(message):
    """Tell the campaign about a new message; the sender's address is the reply-to."""
    to = campaign_address()
    if not to:
        return False
    context = {
        "message": message,
        "admin_url": f"{settings.SITE_URL}/{settings.ADMIN_URL}campaign/contactmessage/{message.pk}/change/",
        "site_url": settings.SITE_URL,
    }
    send_email(
        "contact-notification",
        context,
        to=to,
        language=settings.LANGUAGE_CODE,
        reply_to=message.email,
    )
    return True


def contact_acknowledgement_send(message):
    """Thank the sender, in the language they wrote in."""
    with translation.override(message.language):
        context = {
            "message": message,
            "campaign_name": SiteSettings.get_solo().campaign_name,
            "petition_url": settings.SITE_URL + reverse("petition:sign"),
        }
        send_email(
            "contact-acknowledgement",
            context,
            to=message.email,
            language=message.language,
            reply_to=campaign_address() or None,
        )
