"""Signatures collected on paper, at a stall or a protest, entered by Organisers.

A batch is either a count alone (the stall's tally) or the rows typed in from its
numbered sheets (campaign/documents.py prints them). A typed sheet counts only once a
second Organiser, not the one who typed it, has checked it against the paper:

    PaperSheet.confirm(user)   unconfirmed → confirmed, by someone other than its typist

They count in the petition's total as "on paper" (petition/counts.py), apart from
the signatures made online. A typed row is never on the wall unless its sheet's
"List my name" box was ticked, and its email is encrypted like a signer's.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.crypto import EncryptedEmailField
from petition.models.petitions import Petition


class PaperBatch(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", _("a count only")
        ROWS = "rows", _("names typed in, sheet by sheet")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="paper_batches"
    )
    place = models.CharField(_("event or city"), max_length=200)
    country = CountryField(_("country"), blank=True)
    collected_on = models.DateField(_("collected on"))
    kind = models.CharField(_("what was entered"), max_length=5, choices=Kind.choices, default=Kind.COUNT)
    count = models.PositiveIntegerField(
        _("number of signatures"), null=True, blank=True, help_text=_("For a count only.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        ordering = ["-collected_on", "-id"]
        verbose_name = _("paper batch")
        verbose_name_plural = _("paper batches")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="count") & Q(count__gt=0)) | (Q(kind="rows") & Q(count__isnull=True)),
                name="paper_batch_count_or_rows",
            ),
        ]

    def __str__(self):
        return f"{self.place} · {self.collected_on}"


class PaperSheet(models.Model):
    batch = models.ForeignKey(
        PaperBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="sheets"
    )
    number = models.PositiveIntegerField(_("sheet number"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("typed in by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("paper sheet")
        verbose_name_plural = _("paper sheets")
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="one_paper_sheet_per_number"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="paper_sheet_checked_by_a_second_person",
            ),
        ]

    def __str__(self):
        return f"{self.batch} · {self.number:05d}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, user):
        """Checked against the paper by `user`, who did not type it in. True when this call confirmed it."""
        rows = type(self).objects.filter(pk=self.pk, confirmed_at__isnull=True).exclude(entered_by=user)
        now = timezone.now()
        if not rows.update(confirmed_by=user, confirmed_at=now):
            return False
        self.confirmed_by, self.confirmed_at = user, now
        return True


class PaperSignatureQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(sheet__confirmed_at__isnull=False)

    def on_wall(self):
        """Typed rows whose sheet is checked and whose "List my name" box was ticked."""
        return self.counted().filter(listed=True)


class PaperSignature(models.Model):
    sheet = models.ForeignKey(
        PaperSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="rows"
    )
    name = models.CharField(_("name"), max_length=200)
    email = EncryptedEmailField(_("email"), max_length=254, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city or region"), max_length=100, blank=True)
    listed = models.BooleanField(_("“List my name” ticked"), default=False)
    consent_updates = models.BooleanField(_("“Keep me informed” ticked"), default=False)

    objects = PaperSignatureQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("signature on paper")
        verbose_name_plural = _("signatures on paper")

    def __str__(self):
        return self.name
