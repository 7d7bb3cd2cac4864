"""The attendee's link, in every email they get: confirm, or leave.

Signed with the secret key (nothing stored), it carries the attendee's id and a
fingerprint of their address's hash: it stops working once the row is gone.
"""

from datetime import timedelta

from django.core import signing

from events.models import Attendee

SALT = "events.attendee"
MAX_AGE = timedelta(days=400)


def _fingerprint(attendee):
    return attendee.email_hash[:12]


def attendee_token(attendee):
    return signing.dumps([attendee.pk, _fingerprint(attendee)], salt=SALT, compress=True)


def attendee_from_token(token):
    """The attendee a link names, or None (forged, too old, or the row is gone)."""
    try:
        pk, mark = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int):
        return None
    attendee = Attendee.objects.select_related("event").filter(pk=pk).first()
    if attendee is None or _fingerprint(attendee) != mark:
        return None
    return attendee
