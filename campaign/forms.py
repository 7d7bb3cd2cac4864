from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import ContactMessage
from core.forms import DeliverableEmailField, SpamProtectedForm, refuse_links_in_name


class ContactForm(SpamProtectedForm, forms.ModelForm):
    """The contact form: who you are, what it is about, your message."""

    email = DeliverableEmailField(
        label=_("Your email address"),
        help_text=_("We use it only to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "organisation", "country", "subject", "message"]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "organisation": _("Organisation (if any)"),
            "country": _("Country"),
            "subject": _("What is it about?"),
            "message": _("Your message"),
        }
        help_texts = {
            "email": _("We use it only to answer you."),
            "message": _(
                "Tell us briefly what you need and where you are active "
                "(organisation, union, university, city)."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = ContactMessage.Subject.choices
        # django-countries' separator would otherwise be the first, empty choice.
        country = self.fields["country"]
        country.choices = [("", _("Choose…")), *[c for c in country.choices if c[0]]]
        for name, field in self.fields.items():
            if name in (self.honeypot_field, "rendered"):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def clean_name(self):
        name = self.cleaned_data["name"]
        refuse_links_in_name(name)
        return name

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
