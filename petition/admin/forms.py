"""The admin's forms: the export page's choices, bulk invalidation, featured signatories."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import PictureField
from petition import moderation
from petition.exports.columns import DEFAULT_COLUMNS, column_choices
from petition.exports.rows import Filters
from petition.models import FeaturedSignatory, Petition, Signature


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class InvalidateForm(forms.Form):
    petition = forms.ModelChoiceField(
        Petition.objects.all(), required=False, empty_label=_("all petitions"), label=_("petition")
    )
    email_domain = forms.CharField(
        label=_("email domain"), required=False, max_length=254, help_text=_("For example: example.org")
    )
    ip_hash = forms.CharField(
        label=_("IP hash"),
        required=False,
        max_length=64,
        help_text=_("The full hash, as shown on a signature's page."),
    )
    created_from = forms.DateTimeField(label=_("signed from"), required=False, widget=DateTimeLocalInput)
    created_to = forms.DateTimeField(label=_("signed before"), required=False, widget=DateTimeLocalInput)
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not self.errors and self.criteria().is_empty():
            raise forms.ValidationError(
                _("Give an email domain, an IP hash or a time window: a rule must not match everything.")
            )
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start >= end:
            self.add_error("created_to", _("The end of the window must come after its start."))
        return data

    def criteria(self):
        data = self.cleaned_data
        return moderation.Criteria(
            petition=data.get("petition"),
            email_domain=data.get("email_domain", "").strip().lstrip("@").lower(),
            ip_hash=data.get("ip_hash", "").strip(),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
        )


class ExportForm(forms.Form):
    petition = forms.ModelChoiceField(Petition.objects.all(), label=_("petition"))
    format = forms.ChoiceField(
        label=_("format"),
        choices=[
            ("csv", _("CSV (Excel, Numbers, LibreOffice)")),
            ("xlsx", _("Excel workbook")),
            ("json", "JSON"),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )
    states = forms.MultipleChoiceField(
        label=_("states"),
        choices=Signature.State.choices,
        initial=[Signature.State.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Withdrawn signatures carry no personal data; invalidated ones are not counted."),
    )
    country = forms.ChoiceField(label=_("country"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"),
        required=False,
        choices=[("", _("individuals and organisations")), *Signature.Kind.choices],
    )
    since = forms.DateField(
        label=_("signed on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    columns = forms.MultipleChoiceField(
        label=_("columns"),
        choices=column_choices,
        initial=list(DEFAULT_COLUMNS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Email addresses are filled in only for signers who agreed to receive campaign news."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("all countries")), *countries]
        current = Petition.objects.current()
        if current is not None:
            self.fields["petition"].initial = current.pk

    def filters(self):
        data = self.cleaned_data
        return Filters(
            petition=data["petition"],
            states=tuple(data["states"]),
            country=data["country"],
            kind=data["kind"],
            since=data["since"],
        )


def export_initial(params):
    """Start the export form from the signature list's filters."""
    initial = {}
    if params.get("petition__id__exact"):
        initial["petition"] = params["petition__id__exact"]
    if params.get("state__exact") in Signature.State.values:
        initial["states"] = [params["state__exact"]]
    if params.get("country"):
        initial["country"] = params["country"]
    if params.get("kind__exact") in Signature.Kind.values:
        initial["kind"] = params["kind__exact"]
    return initial


class FeaturedSignatoryForm(forms.ModelForm):
    photo = PictureField(
        label=_("photo or logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF up to 5 MB; it is scaled to fit 600 × 600 pixels."),
    )

    class Meta:
        model = FeaturedSignatory
        fields = [
            "petition",
            "name",
            "chinese_name",
            "description",
            "country",
            "is_organisation",
            "photo",
            "photo_alt",
            "order",
            "is_visible",
        ]
