"""What every app reads: the site's one settings record (names, links, introductions)."""

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
    actions_intro = models.TextField(
        _("“What you can do”: introduction"),
        blank=True,
        default="There are many ways to support the campaign, in Hong Kong and around the world.",
    )
    actions_closing = models.CharField(
        _("“What you can do”: closing line"),
        max_length=200,
        blank=True,
        default="With your support we can win!",
    )
    signed_intro = models.CharField(
        _("“Who's signed”: introduction"),
        max_length=300,
        blank=True,
        default="They have signed our petition. Have you?",
    )
    qa_intro = models.TextField(_("Q&A: introduction"), blank=True)
    materials_intro = models.TextField(_("materials: introduction"), blank=True)
    contact_intro = models.TextField(_("contact page: introduction"), blank=True)

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
