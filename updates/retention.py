"""Recipient rows kept no longer than the petition's personal data.

A recipient row holds its address only until its email is sent; what stays is the
address's keyed hash, its language, consent and state, so that the update's figures
add up and its unsubscribe link works. When a closed petition is anonymised
(`manage.py anonymise_petition`), `manage.py purge_update_recipients` deletes its
updates' recipient rows with them: an update then keeps only its text and totals.
"""

from django.db.models import Count

from core.db import in_batches
from petition.models import Petition, Signature
from updates.models import Recipient, Update


class PetitionHoldsPersonalData(Exception):
    """Its signatures are not anonymised yet: the recipients are still needed."""


def erase_recipients(*, petition, force=False):
    """Delete the recipient rows of a petition's updates, once its signatures hold no
    personal data (or with `force`). Returns how many rows were deleted; the updates keep
    their totals by state in `Update.final_counts`."""
    if not force and Signature.objects.filter(petition=petition).holding_personal_data().exists():
        raise PetitionHoldsPersonalData(petition.slug)
    for update in Update.objects.filter(petition=petition, final_counts={}):
        counts = dict(update.recipients.values_list("state").annotate(n=Count("id")).order_by())
        Update.objects.filter(pk=update.pk).update(final_counts=counts)
    rows = Recipient.objects.filter(update__petition=petition)
    return in_batches(rows, lambda pks: Recipient.objects.filter(pk__in=pks).delete()[0])


def petitions_to_purge():
    """Closed petitions whose signatures are anonymised and whose updates still have rows."""
    return [
        petition
        for petition in Petition.objects.filter(update__recipients__isnull=False).distinct()
        if petition.is_closed
        and not Signature.objects.filter(petition=petition).holding_personal_data().exists()
    ]
