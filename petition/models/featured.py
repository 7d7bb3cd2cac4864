"""Well-known signatories shown on the home page and atop the wall."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from petition.models.petitions import Petition


class FeaturedSignatoryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_visible=True)

    def of_petition(self, petition):
        """Those shown with `petition`: its own, and those of every petition."""
        return self.filter(Q(petition=petition) | Q(petition__isnull=True))


class FeaturedSignatory(models.Model):
    """A well-known signatory shown on the home page and atop the wall."""

    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="featured",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    chinese_name = models.CharField(_("Chinese name"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    is_organisation = models.BooleanField(_("organisation"), default=False)
    photo = models.ImageField(
        _("photo or logo"),
        upload_to="featured/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_visible = models.BooleanField(_("shown"), default=True)

    objects = FeaturedSignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("featured signatory")
        verbose_name_plural = _("featured signatories")

    def __str__(self):
        return f"{self.name} ({self.chinese_name})" if self.chinese_name else self.name

    @property
    def avatar_initials(self):
        """What the round avatar shows when there is no photo (see `avatar_initials`)."""
        return avatar_initials(self.name) or avatar_initials(self.chinese_name)


def avatar_initials(name):
    """The letters an avatar shows for `name`, never punctuation or digits: the first
    letter of its first and last words ('"Long Hair" Leung Kwok-hung' → 'LK',
    'Amnesty' → 'A'); a name written in Chinese shows its first character
    ('「長毛」梁國雄' → '長')."""
    letters = [next((ch for ch in word if ch.isalpha()), "") for word in name.split()]
    letters = [letter for letter in letters if letter]
    if not letters:
        return ""
    if ord(letters[0]) >= 0x2E80:
        return letters[0]
    return (letters[0] + letters[-1]).upper() if len(letters) > 1 else letters[0].upper()
