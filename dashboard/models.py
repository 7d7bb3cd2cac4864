"""Small tables the dashboard reads instead of the signatures table.

`DailySignatureStats` holds, per petition and day, how many signatures did what
that day, split by country, signing language, kind and share channel. Each count
describes the signatures as they are now (a signature confirmed on Monday and
withdrawn on Friday counts as withdrawn on Friday, and no longer as confirmed on
Monday), so the sums always equal the raw counts: the sum of `confirmed` is the
petition's total. `dashboard/stats.py` keeps them up to date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petition.models import Petition

COUNT_FIELDS = ("signed", "confirmed", "pending", "withdrawn", "invalidated", "hidden")


class DailySignatureStatsQuerySet(models.QuerySet):
    def for_petition(self, petition):
        return self.filter(petition=petition)

    def totals(self):
        """{field: sum} over the rows, zeros when there are none."""
        sums = self.aggregate(**{name: Sum(name) for name in COUNT_FIELDS})
        return {name: sums[name] or 0 for name in COUNT_FIELDS}

    def by_day(self, *fields):
        """[(day, {field: sum})], oldest first."""
        fields = fields or COUNT_FIELDS
        rows = self.values("day").annotate(**{f: Sum(f) for f in fields}).order_by("day")
        return [(row["day"], {f: row[f] or 0 for f in fields}) for row in rows]

    def split_by(self, dimension, field="confirmed"):
        """[(value, count)] of one dimension (country, language, kind, via), largest first,
        leaving out values with no count."""
        rows = (
            self.values(dimension)
            .annotate(n=Sum(field))
            .filter(n__gt=0)
            .order_by("-n", dimension)
            .values_list(dimension, "n")
        )
        return list(rows)


class DailySignatureStats(models.Model):
    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    language = models.CharField(_("signing language"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=12, blank=True)
    via = models.CharField(_("share channel"), max_length=20, blank=True)

    # Signatures made this day (whatever became of them).
    signed = models.PositiveIntegerField(_("signed"), default=0)
    # Signatures confirmed this day that still count.
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    # Signatures made this day still waiting for their confirmation.
    pending = models.PositiveIntegerField(_("pending"), default=0)
    # Signatures withdrawn this day, and invalidated this day by a moderator.
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    invalidated = models.PositiveIntegerField(_("invalidated"), default=0)
    # Of `confirmed`, those a moderator hid from the wall (they still count).
    hidden = models.PositiveIntegerField(_("hidden"), default=0)

    objects = DailySignatureStatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily signature statistics")
        verbose_name_plural = _("daily signature statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "day", "country", "language", "kind", "via"],
                name="one_stats_row_per_day_and_split",
            ),
            models.CheckConstraint(
                condition=Q(hidden__lte=models.F("confirmed")), name="hidden_among_confirmed"
            ),
        ]

    def __str__(self):
        return f"{self.petition_id} · {self.day} · {self.country or '-'} · {self.confirmed}"


class PetitionStats(models.Model):
    """A petition's figures that are not per day, and when its daily rows were last brought up to date.

    The admin dashboard hangs off this model (see dashboard/admin.py).
    """

    petition = models.OneToOneField(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="+"
    )
    refreshed_at = models.DateTimeField(_("refreshed"), null=True, blank=True)
    full_refreshed_at = models.DateTimeField(_("fully recomputed"), null=True, blank=True)
    # Signatures still pending more than a day after signing, at the last refresh.
    pending_stuck = models.PositiveIntegerField(_("pending for more than a day"), default=0)

    class Meta:
        verbose_name = _("campaign dashboard")
        verbose_name_plural = _("campaign dashboard")

    def __str__(self):
        return str(self.petition)


class DigestSubscription(models.Model):
    """An organiser's choice to receive the daily digest, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="digest_subscription",
    )
    enabled = models.BooleanField(_("send me the daily digest"), default=False)
    language = models.CharField(
        _("language of the digest"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # The last day a digest was sent for: a second run for the same day sends nothing.
    last_sent_for = models.DateField(_("last digest sent for"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return f"{self.user} · {'on' if self.enabled else 'off'}"
