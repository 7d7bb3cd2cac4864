"""The petition's emails: three templates each, rendered in the signer's language.

`templates/emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`
for `confirm`, `reminder`, `already-signed` and `withdrawn`. Every email but the
last carries the signer's private manage link. Links are absolute, built from
SITE_URL: the task worker that sends them has no request.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.models import SiteSettings
from petition import tokens


def absolute(path):
    return settings.SITE_URL + path


def signature_links(signature):
    """Absolute links for a signature's emails, in the active language."""
    petition = signature.petition
    return {
        "confirm_url": absolute(
            reverse("petition:confirm", kwargs={"token": tokens.make_token(signature, tokens.CONFIRM)})
        ),
        "manage_url": absolute(
            reverse("petition:manage", kwargs={"token": tokens.make_token(signature, tokens.MANAGE)})
        ),
        "petition_url": absolute(petition.get_absolute_url()),
        "wall_url": absolute(reverse("petition:wall")),
    }


def render_email(name, context):
    """(subject, text body, HTML body) of an email, in the active language."""
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    subject = " ".join(subject.split())  # one line: a header cannot hold a newline
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def send(name, *, to, language, context):
    """Render and send one email in `language`. Raises what the mailer raises."""
    with translation.override(language):
        context = {"campaign_name": SiteSettings.get_solo().campaign_name, "language": language, **context}
        subject, text, html = render_email(name, context)
        message = EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [to],
            headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        )
        message.attach_alternative(html, "text/html")
        message.send()


def send_signature_email(name, signature):
    """One of the emails about a signature, to its address, in its signing language."""
    with translation.override(signature.language):
        context = {"signature": signature, "petition": signature.petition, **signature_links(signature)}
    send(name, to=signature.email, language=signature.language, context=context)


_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def describe_error(exc):
    """A mailer error as we may store it: no email address, at most 300 characters."""
    text = _ADDRESS.sub("<address>", f"{type(exc).__name__}: {exc}")
    return text[:300]
