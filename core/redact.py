"""What may be logged: paths and messages with the tokens of emailed links and client
addresses masked. Shared by gunicorn's logger (gunicorn.conf.py, loaded before Django)
and Django's own log handlers, so it imports nothing from Django."""

import ipaddress
import logging
import re
from urllib.parse import unquote

# The segment after confirm/ or manage/, wherever in a path; and anything shaped like
# a signed value (Django's signing: value:timestamp:signature), whatever route it is on.
LINK_TOKEN = re.compile(r"(/(?:confirm|manage)/)[^/?#\s]+")
SIGNED_VALUE = re.compile(r"\.?[\w-]{6,}:[\w-]{4,}:[\w-]{20,}")
# Candidates for an IP address, each checked by ipaddress before it is masked.
ADDRESSES_LIKE = (
    re.compile(r"[0-9A-Fa-f]*:[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[\w.]+)?"),
    re.compile(r"\d{1,3}(?:\.\d{1,3}){3}"),
)
MASK = "<token>"


def masked_path(path):
    """A path as it may be logged: percent-decoded, as Django routes it, then the tokens masked."""
    return SIGNED_VALUE.sub(MASK, LINK_TOKEN.sub(r"\1" + MASK, unquote(path)))


def _masked_address(match):
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return "<address>"


def masked_message(text):
    """A message as it may be logged: tokens and IP addresses masked."""
    text = masked_path(text)
    for candidates in ADDRESSES_LIKE:
        text = candidates.sub(_masked_address, text)
    return text


class MaskedRecords(logging.Filter):
    """A log filter that masks tokens and addresses in every record it passes."""

    def filter(self, record):
        record.msg, record.args = masked_message(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = masked_message(logging.Formatter().formatException(record.exc_info))
        return True
