from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel


class SiteSettings(SingletonModel):
    """The one record editors change for names, links and contact details."""

    campaign_name = models.CharField(
        _("campaign name"), max_length=200, default="Stop Repression in Hong Kong"
    )
    slogan = models.CharField(
        _("slogan"),
        max_length=300,
        blank=True,
        default="Mass resistance is the only way to defeat repression.",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) profile"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    home_petition = models.ForeignKey(
        "petition.Petition",
        verbose_name=_("petition shown on the home page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to show the petition marked as current."),
    )

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def social_links(self):
        """(network key, label, url) for each link that is filled in."""
        links = [
            ("facebook", _("Facebook"), self.facebook_url),
            ("x", _("X"), self.x_url),
            ("instagram", _("Instagram"), self.instagram_url),
            ("youtube", _("YouTube"), self.youtube_url),
            ("telegram", _("Telegram"), self.telegram_url),
        ]
        return [link for link in links if link[2]]


class Demand(models.Model):
    """One of the campaign's demands, shown on the home page and beside the petition."""

    text = models.CharField(_("demand"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self):
        return self.text
