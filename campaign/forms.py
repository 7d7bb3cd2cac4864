from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import ContactMessage, PassedMotion
from core.forms import DeliverableEmailField, PictureField, SpamProtectedForm, refuse_links_in_name

# The largest union federations count members in the tens of millions.
MAX_MEMBERS = 200_000_000


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


class PassedMotionForm(SpamProtectedForm, forms.ModelForm):
    """ "We passed it": an organisation reports the motion it passed, for moderation."""

    reporter_email = DeliverableEmailField(
        label=_("Your email address"),
        help_text=_("Only for our questions about this motion. Never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    passed_on = forms.DateField(label=_("Date it was passed"), widget=forms.DateInput(attrs={"type": "date"}))
    minute = PictureField(
        label=_("Photo of the minute"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB. Or give a link above."),
        max_dimensions=(1600, 1600),
    )

    class Meta:
        model = PassedMotion
        fields = [
            "organisation",
            "body",
            "country",
            "passed_on",
            "members",
            "link",
            "minute",
            "summary",
            "reporter_name",
            "reporter_email",
        ]
        labels = {
            "organisation": _("Organisation"),
            "body": _("Branch or body that passed it"),
            "members": _("Members represented (optional)"),
            "link": _("Link to the motion or the minute"),
            "summary": _("What the motion says (optional)"),
            "reporter_name": _("Your name"),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "members": forms.NumberInput(attrs={"min": 1, "max": MAX_MEMBERS}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        country.choices = [("", _("Choose…")), *[c for c in country.choices if c[0]]]

    def clean_passed_on(self):
        passed_on = self.cleaned_data["passed_on"]
        if passed_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return passed_on

    def clean_members(self):
        members = self.cleaned_data.get("members")
        if members is not None and not 1 <= members <= MAX_MEMBERS:
            raise forms.ValidationError(
                _("Please give the number of members, or leave it empty."), code="members"
            )
        return members

    def clean_reporter_name(self):
        name = self.cleaned_data["reporter_name"]
        refuse_links_in_name(name)
        return name

    def clean(self):
        data = super().clean()
        if not data.get("link") and not data.get("minute") and not self.has_error("link"):
            raise forms.ValidationError(
                _("Please give a link to the motion or a photo of the minute, so that we can check it."),
                code="no_evidence",
            )
        return data
