from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import SiteMessagesForm


class PetitionChoiceForm(SiteMessagesForm):
    """Which petition the dashboard shows (a GET form: the choice is in the address)."""

    petition = forms.TypedChoiceField(label=_("Petition"), coerce=int, required=False)

    def __init__(self, *args, petitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.petitions = petitions
        self.fields["petition"].choices = [(p.pk, str(p)) for p in petitions]

    def selected(self):
        """The chosen petition; the first (the current one) when none or a wrong one is asked for."""
        if self.is_bound and self.is_valid() and self.cleaned_data["petition"]:
            for petition in self.petitions:
                if petition.pk == self.cleaned_data["petition"]:
                    return petition
        return self.petitions[0] if self.petitions else None


class DigestForm(SiteMessagesForm):
    enabled = forms.BooleanField(
        label=_("Send me a digest every morning with yesterday's figures"), required=False
    )
    language = forms.ChoiceField(label=_("Language of the digest"), choices=settings.LANGUAGES)
