"""Keeping personal data no longer than the privacy page promises.

- Signatures never confirmed are deleted after 30 days (`purge_unconfirmed`): by
  then their confirmation link has expired (petition/tokens.py).
- A closed petition's signatures are anonymised (`anonymise_petition`): names,
  addresses, comments, logos and IP hashes are erased (`Signature.ERASED_FIELDS`,
  as a withdrawal erases them), while each row keeps its state, country, kind,
  language, share channel and dates, so the counts by country and the dashboard's
  daily figures stay exactly as they were.

Withdrawn signatures are erased at once by `services.signature_withdraw`.
Work is done in batches of short transactions: a million rows never hold a lock
(or meet the statement timeout) for long.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.db import in_batches
from petition.models import AuditLog, Signature, delete_logo_files, logo_files

UNCONFIRMED_DAYS = 30


class PetitionStillOpen(Exception):
    """Anonymising an open petition would erase signers who can still confirm or change their signature."""


def purge_unconfirmed(*, days=UNCONFIRMED_DAYS, now=None):
    """Delete signatures still pending `days` after signing (and their logos). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = Signature.objects.pending().filter(created_at__lt=cutoff)

    def delete(pks):
        rows = Signature.objects.filter(pk__in=pks).pending()
        logos = logo_files(rows)
        deleted = rows.delete()[1].get(Signature._meta.label, 0)
        transaction.on_commit(lambda: delete_logo_files(logos))
        return deleted

    return in_batches(stale, delete)


def anonymise_petition(*, petition, force=False, user=None):
    """Erase the personal data of every signature of a closed petition. Returns how many rows changed.

    Raises PetitionStillOpen for a petition that has not closed, unless `force`.
    Safe to run again: rows already anonymised are left alone.
    """
    if not force and (petition.closes_at is None or petition.closes_at > timezone.now()):
        raise PetitionStillOpen(petition.slug)
    remaining = Signature.objects.filter(petition=petition).holding_personal_data()

    def erase(pks):
        rows = Signature.objects.filter(pk__in=pks)
        logos = logo_files(rows.holding_personal_data())
        changed = rows.erase()
        transaction.on_commit(lambda: delete_logo_files(logos))
        return changed

    changed = in_batches(remaining, erase)
    AuditLog.objects.create(
        action=AuditLog.Action.OTHER,
        user=user,
        petition=petition,
        rows=changed,
        details={"operation": "anonymise", "forced": bool(force)},
    )
    return changed
