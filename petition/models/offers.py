"""Offers of help a signer makes when confirming: to speak at a meeting, translate, host
a showing, table a motion, join or organise a protest. Each is a consent of its own,
given with its time and withdrawn with its time (the manage page), never implied by
another; Organisers see the live ones by country and kind, and export them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from petition.models.signatures import Signature


class HelpOfferQuerySet(models.QuerySet):
    def active(self):
        """Offers standing: not withdrawn, by a signer whose signature is confirmed."""
        return self.filter(withdrawn_at__isnull=True, signature__state=Signature.State.CONFIRMED)


class HelpOffer(models.Model):
    class Kind(models.TextChoices):
        SPEAK = "speak", _("speak at a meeting")
        TRANSLATE = "translate", _("translate")
        HOST_SHOWING = "host-showing", _("host a film showing")
        TABLE_MOTION = "table-motion", _("table a motion in my union or association")
        PROTEST = "protest", _("join or organise a protest")

    signature = models.ForeignKey(
        Signature, verbose_name=_("signature"), on_delete=models.CASCADE, related_name="help_offers"
    )
    kind = models.CharField(_("offer"), max_length=20, choices=Kind.choices)
    offered_at = models.DateTimeField(_("offered"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = HelpOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        permissions = [("export_helpoffer", _("Can export offers of help"))]
        constraints = [
            models.UniqueConstraint(fields=["signature", "kind"], name="one_offer_per_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()
