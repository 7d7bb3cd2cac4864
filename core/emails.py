"""Every email the site sends: three templates rendered in the recipient's language.

An email named `confirm` is `templates/emails/confirm-subject.txt`,
`confirm-body.txt` and `confirm-body.html`. `send_email` renders them with the
recipient's language active, gives them the campaign's name in that language,
and sends them to one recipient from DEFAULT_FROM_EMAIL's address under that
name, so a Chinese email does not come from an English sender.
"""

import re
from email.errors import MessageError
from email.utils import formataddr, parseaddr
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core.i18n import BCP47
from core.models import SiteSettings

# What sending one email may raise. SMTP and socket errors are OSErrors and may pass
# (the server is down, busy or slow): worth trying again later. An address or a
# header the mailer cannot encode raises ValueError (UnicodeError is one) or an email
# package error: trying again will not help.
MAILER_ERRORS = (OSError, ValueError, MessageError)
TRANSIENT_MAILER_ERRORS = (OSError,)

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def describe_error(exc):
    """A mailer error as we may store or log it: no email address, at most 300 characters."""
    text = _ADDRESS.sub("<address>", f"{type(exc).__name__}: {exc}")
    return text[:300]


def render_email(template, context):
    """(subject, text body, HTML body) of an email, in the active language."""
    # One line: a header cannot hold a newline.
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    return subject, text, html


def campaign_address():
    """The Organisers' address: CAMPAIGN_EMAIL, else the contact email in the site settings
    ("" when neither is set)."""
    return settings.CAMPAIGN_EMAIL or SiteSettings.get_solo().contact_email


def sender(campaign_name):
    """DEFAULT_FROM_EMAIL's address under `campaign_name` (RFC 2047-encoded when not ASCII)."""
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = " ".join(str(campaign_name or default_name).split())
    return formataddr((name, address)) if name else address


class Rendered(NamedTuple):
    """An email rendered in one language, ready to go to any number of single recipients."""

    sender: str
    subject: str
    text: str
    html: str


def render_for(template, *, language, context):
    """The email `template` rendered in `language` (see `send_email` for the context)."""
    with translation.override(language):
        campaign_name = SiteSettings.get_solo().campaign_name
        context = {"campaign_name": campaign_name, **context, "language": BCP47.get(language, language)}
        subject, text, html = render_email(template, context)
    return Rendered(sender(campaign_name), subject, text, html)


def send_email(
    template,
    *,
    to,
    language,
    context=None,
    rendered=None,
    reply_to=None,
    headers=None,
    attachments=None,
    connection=None,
):
    """Render the email `template` in `language` and send it to the one address `to`.

    `context` is completed with `campaign_name` and `language` (a BCP 47 tag for
    the HTML's `lang`). `reply_to` is one address; `attachments` are MIME parts
    (an inline image's `cid:` is referred to from the HTML). `connection` is an open
    mailer (`django.core.mail.mailers.default`) to reuse for many emails, else the
    default one is opened for this email. `rendered` (from `render_for`) is the email
    already rendered in `language`, in place of `context`, when many get the same.
    Raises what the mailer raises: SMTP and socket errors are OSError.
    """
    if not isinstance(to, str):
        raise TypeError("An email goes to one address: `to` is a string.")
    if rendered is None:
        rendered = render_for(template, language=language, context=context)
    message = EmailMultiAlternatives(
        rendered.subject,
        rendered.text,
        rendered.sender,
        [to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language, **(headers or {})},
        attachments=attachments,
    )
    message.attach_alternative(rendered.html, "text/html")
    if connection is not None:
        connection.send_messages([message])
    else:
        message.send()
