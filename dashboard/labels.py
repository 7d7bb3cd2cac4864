"""Readable, translated names for the values the aggregates store."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from petition.models import Signature

# Brand names stay as they are in every language.
BRANDS = {
    "facebook": "Facebook",
    "x": "X",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "line": "LINE",
}


def channel_label(via):
    """The share channel a signature came through (`via` as the share links set it)."""
    if via in BRANDS:
        return BRANDS[via]
    others = {
        "": pgettext("share channel", "Direct or unknown"),
        "email": pgettext("share channel", "Email"),
        "copy": pgettext("share channel", "Copied link"),
        "wechat-qr": pgettext("share channel", "WeChat QR code"),
        "embed": pgettext("share channel", "Embedded form"),
    }
    return str(others.get(via, via))


def language_label(code):
    names = dict(settings.LANGUAGES)
    return str(names[code]) if code in names else (code or _("Unknown"))


def kind_label(kind):
    labels = {
        Signature.Kind.INDIVIDUAL: pgettext("signatories", "Individuals"),
        Signature.Kind.ORGANISATION: pgettext("signatories", "Organisations"),
    }
    return str(labels.get(kind, kind or _("Unknown")))


def country_label(code):
    return countries.name(code) or code or _("Unknown")
