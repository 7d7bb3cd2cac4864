"""The signers a partner's organisers may see: a second view of the signatures, with
its own permissions, for staff users who are not the campaign's organisers."""

from django.utils.translation import gettext_lazy as _

from petition.models.signatures import Signature


class PartnerSigner(Signature):
    """A signature seen by a partner's organiser: only confirmed signers who agreed to
    be kept informed by a partner the user organises (SignatureQuerySet.
    keeping_informed_by_partners), in the admin and in the export alike."""

    class Meta:
        proxy = True
        verbose_name = _("signer keeping informed by a partner")
        verbose_name_plural = _("signers keeping informed by partners")
        permissions = [("export_partnersigner", _("Can export the signers of their partners"))]
