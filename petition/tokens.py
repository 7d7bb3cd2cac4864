"""Signed links in emails: one purpose each, expiring, dead once the signature changes hands.

A token carries the signature's id and a fingerprint of its canonical email,
signed with the secret key and a salt per purpose: a "manage" token cannot
confirm, a "confirm" token cannot withdraw. Erasing a signature (withdrawal)
clears its email, so every link to it stops working. The fingerprint is taken from
the (decrypted) address, so links sent before addresses were encrypted still work.
"""

from datetime import timedelta

from django.core import signing

from core.hashing import keyed_hash
from petition.addresses import canonical_email

CONFIRM = "confirm"
MANAGE = "manage"

# How long a link works, per purpose. A confirmation link sent today still
# works after a fortnight's holiday; the manage link comes again in every email.
MAX_AGE = {
    CONFIRM: timedelta(days=30),
    MANAGE: timedelta(days=400),
}


class InvalidToken(Exception):
    """The link was forged, truncated, meant for something else, or its signature is gone."""


class ExpiredToken(InvalidToken):
    """A genuine link that is too old."""


def _salt(purpose):
    if purpose not in MAX_AGE:
        raise ValueError(f"Unknown token purpose {purpose!r}")
    return f"petition.signature.{purpose}"


def fingerprint(signature):
    canonical = canonical_email(signature.email) if signature.email else ""
    return keyed_hash(f"{signature.pk}:{canonical}")[:12]


def make_token(signature, purpose):
    return signing.dumps([signature.pk, fingerprint(signature)], salt=_salt(purpose), compress=True)


def read_token(token, purpose):
    """The signature a token points to, or InvalidToken / ExpiredToken."""
    from petition.models import Signature

    try:
        pk, mark = signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as exc:
        raise ExpiredToken(str(exc)) from None
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from None
    if not isinstance(pk, int):
        raise InvalidToken("Malformed token")
    signature = Signature.objects.select_related("petition").filter(pk=pk).first()
    if signature is None or not signature.email_canonical or fingerprint(signature) != mark:
        raise InvalidToken("No such signature")
    return signature
