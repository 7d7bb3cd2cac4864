"""Partners: organisations that carry the petition with a sign link of their own.

A partner's link (`/<lang>/petition/?partner=<slug>`, and the embeddable form's) records
the partner on the signatures it brings; the partner's page and the wall show how many
of them are confirmed. A signer may also agree, separately from the campaign's news,
to be kept informed by the partner: only that partner's organisers (staff users named
here) see and export those signers, never another partner's.

Kept in the petition app: a partner's signatures and its consent belong to signing,
and petition owns signing (the import layers in pyproject.toml).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class PartnerQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)

    def organised_by(self, user):
        """The partners whose signers `user` may see: those naming them as organisers."""
        if not user.is_authenticated or not user.is_active or not user.is_staff:
            return self.none()
        return self.filter(organisers=user)


class Partner(models.Model):
    slug = models.SlugField(
        _("short name in links"),
        max_length=60,
        unique=True,
        help_text=_("Used in the partner's sign link: /petition/?partner=short-name"),
    )
    name = models.CharField(_("name"), max_length=200)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    country = CountryField(_("country"), blank=True)
    link = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Listed on the wall and the partners' page. An unlisted partner's link still counts."),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner organisers"),
        blank=True,
        related_name="partners",
        help_text=_(
            "Staff users who may see and export the signers who agreed to be kept informed "
            "by this partner, and no one else's."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def sign_path(self):
        return reverse("petition:sign") + f"?partner={self.slug}"

    def embed_path(self):
        return reverse("petition:embed_form") + f"?partner={self.slug}"
