"""The unsubscribe link of an update: signed, for that one purpose, naming no one.

A token carries a recipient row's id and a fingerprint of its address's keyed hash,
signed with the secret key and a salt of its own: it cannot confirm or manage a
signature (petition/tokens.py), and a signature's links cannot unsubscribe. The row's
address is erased once its email is sent; the link goes by the keyed hash, and stops
working when retention deletes the row (`purge_update_recipients`).
"""

from django.core import signing

from core.hashing import keyed_hash
from updates.models import Recipient

SALT = "updates.recipient.unsubscribe"


class InvalidToken(Exception):
    """Forged, truncated, meant for something else, or its recipient erased."""


def _mark(recipient):
    return keyed_hash(f"{recipient.pk}:{recipient.email_hash}")[:12]


def make_token(recipient):
    return signing.dumps([recipient.pk, _mark(recipient)], salt=SALT, compress=True)


def read_token(token):
    """The recipient row a token points to, or InvalidToken. It does not expire: an
    unsubscribe link must work for as long as the email can be read."""
    try:
        pk, mark = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from None
    if not isinstance(pk, int):
        raise InvalidToken("Malformed token")
    recipient = Recipient.objects.filter(pk=pk).first()
    if recipient is None or not recipient.email_hash or _mark(recipient) != mark:
        raise InvalidToken("No such recipient")
    return recipient
