"""The signing form and the signer's own settings form.

Names in any script are welcome (中文, Ελληνικά, O'Brien, Nguyễn). Control
characters and text-direction overrides are removed, the text is put in Unicode
NFC form and white space collapsed. A name starting with = + - @ is kept as
typed: the exports neutralise spreadsheet formulas, not the form.
"""

import functools
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CleanCharField,
    DeliverableEmailField,
    PictureField,
    SiteMessagesForm,
    SpamProtectedForm,
    refuse_links_in_name,
)
from petition.addresses import canonical_email
from petition.models import HelpOffer, Signature

_SHARE_CHANNEL = re.compile(r"[a-z0-9-]{1,20}")
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 400
# A logo decoded to more pixels than this is refused before decoding: a PNG of a
# few kilobytes can declare 100 million pixels (hundreds of megabytes in memory).


def share_channel(value):
    """The share channel a link named (`?via=whatsapp`), or "" for anything else."""
    return value if isinstance(value, str) and _SHARE_CHANNEL.fullmatch(value) else ""


class FastSelect(forms.Select):
    """A <select> written in Python: Django's template per option costs tens of
    milliseconds for 250 countries on every view of the signing page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)


class FixedChoices(BaseChoiceIterator):
    """Choices already in their final form: a field takes them without normalising each."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)


@functools.cache
def country_choices(language):
    """No country chosen for the signer: an empty first choice, then every country
    sorted by its name in `language`. Translating and sorting 250 names cost
    several milliseconds per form; the list only changes with the language."""
    field = Signature._meta.get_field("country").formfield()
    return FixedChoices(
        [("", str(_("Choose…"))), *[(code, str(name)) for code, name in field.choices if code]]
    )


class SignatureForm(SpamProtectedForm):
    min_seconds_setting = "SIGN_MIN_SECONDS"

    kind = forms.ChoiceField(
        label=_("I am signing"),
        choices=[
            (Signature.Kind.INDIVIDUAL, _("as myself")),
            (Signature.Kind.ORGANISATION, _("for an organisation")),
        ],
        initial=Signature.Kind.INDIVIDUAL,
        required=False,
        widget=forms.RadioSelect,
    )
    name = CleanCharField(
        label=_("Name"),
        max_length=Signature._meta.get_field("name").max_length,
        help_text=_("Your name, in any language. Signing for an organisation: its name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = DeliverableEmailField(
        label=_("Email"),
        help_text=_("We send a link to confirm your signature. Never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    # Its choices come per language from country_choices(): building and copying a
    # 250-country field for every form costs more than the rest of signing.
    country = forms.ChoiceField(
        label=_("Country or territory"), choices=(), widget=FastSelect(attrs={"autocomplete": "country"})
    )
    city = CleanCharField(
        label=_("City or region"),
        max_length=Signature._meta.get_field("city").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    title = CleanCharField(
        label=_("Title or organisation"),
        max_length=Signature._meta.get_field("title").max_length,
        required=False,
        help_text=_("For example: President, General Industries Workers Union."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_person = CleanCharField(
        label=_("Contact person"),
        max_length=Signature._meta.get_field("contact_person").max_length,
        required=False,
    )
    contact_role = CleanCharField(
        label=_("Contact person's role"),
        max_length=Signature._meta.get_field("contact_role").max_length,
        required=False,
    )
    # Checked by content, redrawn at most 400 px as PNG: no metadata, no smuggled payload.
    organisation_logo = PictureField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, up to 2 MB. Shown once a moderator has checked it."),
        max_dimensions=(LOGO_MAX_SIDE, LOGO_MAX_SIDE),
        max_bytes=LOGO_MAX_BYTES,
        output_format="PNG",
    )
    comment = CleanCharField(
        label=_("Comment"),
        max_length=Signature._meta.get_field("comment").max_length,
        required=False,
        multiline=True,
        help_text=_("Optional. A moderator reads it before it is shown."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # No default: several people in a row took "not listed" for "listed" when it was
    # what an untouched form meant. The choice is the signer's, made explicitly.
    display = forms.ChoiceField(
        label=_("On the public list of signatories, show"),
        choices=Signature.Display.choices,
        help_text=format_lazy(
            '{} {} <a href="{}">{}</a>',
            _(
                "Initials: a name in Latin letters shows as its initials (Chan Tai Man: C. T. M.); a "
                "name in Chinese shows only its family name and a dot, never its length."
            ),
            _("Whatever you choose, you are counted; your email address is never shown."),
            reverse_lazy("privacy"),
            _("How we use your data"),
        ),
        error_messages={"required": _("Please choose how the list of signatories shows you.")},
        widget=forms.RadioSelect,
    )
    consent_updates = forms.BooleanField(
        label=_("Keep me informed about the campaign by email"),
        required=False,
    )
    # Only on a partner's form (its link or its embedded form): a consent of its own,
    # apart from the campaign's news. Its label names the partner (see __init__).
    consent_partner = forms.BooleanField(required=False)
    # The partner whose link brought the signer (`?partner=…`); the view finds it.
    partner = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    # The share channel of the link that brought the signer (`?via=…`, given as the
    # initial value); kept only when it is a short lower-case word.
    via = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        if partner is None:
            del self.fields["consent_partner"]
        else:
            self.initial["partner"] = partner.slug
            self.fields["consent_partner"].label = _("Keep me informed by %(partner)s") % {
                "partner": partner.name
            }
        self.fields["country"].choices = country_choices(get_language())
        if "via" in self.initial:
            self.initial["via"] = share_channel(self.initial["via"])

    @functools.cached_property
    def helper(self):
        """How crispy renders the form: only a page that shows it needs one."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        return helper

    def clean_name(self):
        name = self.cleaned_data["name"]
        # Our emails and pages show the name: it may not pass for a link or an address.
        refuse_links_in_name(name)
        if not any(ch.isalnum() for ch in name):
            raise forms.ValidationError(_("Please write your name."), code="no_letters")
        return name

    def clean_via(self):
        return share_channel(self.cleaned_data.get("via"))

    # The view spends the stamp with the rate limits, in one round trip (petition/views.py).
    spends_stamp_in_clean = False

    def stamp_scope(self):
        """The signing page is cached for everyone, so its readers share one stamp: it is
        spent per address. The same form sent twice still signs once; a stamp lifted
        from the page is worth one sending per address, within the rate limits."""
        return canonical_email(self.cleaned_data.get("email") or "")

    def clean(self):
        data = super().clean()
        if data.get("kind") != Signature.Kind.ORGANISATION:
            data["kind"] = Signature.Kind.INDIVIDUAL
            for field in ("contact_person", "contact_role"):
                data[field] = ""
            data["organisation_logo"] = None
        # The partner the view found for this form, and its consent only with it.
        data["partner"] = self.partner
        data["consent_partner"] = bool(self.partner and data.get("consent_partner"))
        return data


class HelpOfferField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            label=_("I can also help"),
            choices=HelpOffer.Kind.choices,
            required=False,
            help_text=_(
                "Each is a separate offer: we may write to you about it. Change your mind at any time."
            ),
            **kwargs,
        )


class HelpOfferForm(SiteMessagesForm):
    """The offers a signer may make while confirming."""

    offers = HelpOfferField()


class ManageSignatureForm(SiteMessagesForm):
    name = CleanCharField(
        label=_("Name"),
        max_length=Signature._meta.get_field("name").max_length,
        help_text=_("Correct the spelling if you need to."),
    )
    # The same fields as on the signing form: someone who moved, or mistyped, corrects them.
    country = SignatureForm.base_fields["country"]
    city = SignatureForm.base_fields["city"]
    title = SignatureForm.base_fields["title"]
    display = forms.ChoiceField(
        label=_("On the public list of signatories, show"),
        choices=Signature.Display.choices,
        help_text=_(
            "Initials: a name in Latin letters shows as its initials (Chan Tai Man: C. T. M.); a "
            "name in Chinese shows only its family name and a dot, never its length."
        ),
        widget=forms.RadioSelect,
    )
    consent_updates = forms.BooleanField(
        label=_("Keep me informed about the campaign by email"), required=False
    )
    consent_partner = forms.BooleanField(required=False)
    offers = HelpOfferField()

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is None:
            del self.fields["consent_partner"]
        else:
            self.fields["consent_partner"].label = _("Keep me informed by %(partner)s") % {
                "partner": partner.name
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["country"].choices = country_choices(get_language())
        self.fields["country"].required = False

    clean_name = SignatureForm.clean_name

    def clean(self):
        """A field the form did not send (a page opened before they were on it), or no
        country chosen, leaves what the signature holds."""
        data = super().clean()
        for field in ("country", "city", "title"):
            if field not in self.data or (field == "country" and not data.get(field)):
                data[field] = None
        return data
