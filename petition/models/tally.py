"""A petition's stored tally: its confirmed online signatures by country, up to a mark.

The counts cost only what is new (petition/counts.py): each refresh adds the signatures
confirmed since `counted_until` and moves the mark on, rather than counting every row
again. A transition that takes signatures already tallied out of the counts (a
withdrawal, an invalidation), puts them back (a moderator's reinstatement) or moves
one to another country adjusts the tally by those rows, in its own transaction and
under the tally's row lock; a periodic full recount corrects whatever drifted
(a confirmation committed after the mark passed its time) and records when it did.
"""

from collections import Counter

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from petition.models.petitions import Petition

CONFIRMED = "confirmed"  # Signature.State.CONFIRMED, without importing the signature's module


def by_country(rows):
    """{country code: rows} of a queryset of signatures, "" for no country."""
    return {str(country): n for country, n in rows.values_list("country").annotate(n=Count("*")).order_by()}


class PetitionTallyQuerySet(models.QuerySet):
    def locked(self, petition_ids):
        """{petition id: tally} for those of `petition_ids` that have a mark, each row locked
        until the transaction ends (the refresh and every adjustment take this lock)."""
        rows = self.select_for_update().filter(petition_id__in=petition_ids, counted_until__isnull=False)
        return {tally.petition_id: tally for tally in rows.order_by("petition_id")}

    def adjust(self, rows, sign):
        """Before `rows` (signatures) leave the counts (`sign` -1) or join them (+1): add
        `sign` for each of them confirmed at or before its petition's mark, by country.
        Call inside the transaction that changes them."""
        tallies = self.locked(rows.values("petition_id"))
        if not tallies:
            return
        tallied = Q()
        for petition_id, tally in tallies.items():
            tallied |= Q(petition_id=petition_id, confirmed_at__lte=tally.counted_until)
        if sign < 0:
            tallied &= Q(state=CONFIRMED)
        changes = {}
        for petition_id, country, n in (
            rows.filter(tallied).values_list("petition_id", "country").annotate(n=Count("*")).order_by()
        ):
            changes.setdefault(petition_id, Counter())[str(country)] += sign * n
        for petition_id, change in changes.items():
            tallies[petition_id].add(change)
            tallies[petition_id].save(update_fields=["by_country"])

    def move(self, signature, old_country, new_country):
        """A tallied signature moved from one country to another (the signer's own change)."""
        if signature.state != CONFIRMED or str(old_country) == str(new_country):
            return
        tally = self.locked([signature.petition_id]).get(signature.petition_id)
        if tally is None or signature.confirmed_at > tally.counted_until:
            return
        tally.add({str(old_country): -1, str(new_country): 1})
        tally.save(update_fields=["by_country"])


class PetitionTally(models.Model):
    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="tally", verbose_name=_("petition")
    )
    by_country = models.JSONField(
        _("confirmed signatures by country"),
        default=dict,
        help_text=_("Every confirmed online signature up to the mark, by country."),
    )
    counted_until = models.DateTimeField(_("counted until"), null=True, blank=True)
    recounted_at = models.DateTimeField(_("last full recount"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True)
    correction = models.JSONField(
        _("last correction"),
        default=dict,
        blank=True,
        help_text=_("What the last full recount that found a difference added, by country."),
    )

    objects = PetitionTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature tally")
        verbose_name_plural = _("signature tallies")

    def __str__(self):
        return str(self.petition)

    @property
    def total(self):
        return sum(self.by_country.values())

    def add(self, changes):
        """Add {country: n} (n may be negative) to the tally; countries at 0 are dropped."""
        merged = Counter(self.by_country)
        merged.update({str(country): n for country, n in changes.items()})
        self.by_country = {country: n for country, n in sorted(merged.items()) if n}
