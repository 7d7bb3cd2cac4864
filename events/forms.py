"""The supporters' forms: submit an action, edit it through the manage link, say "I'll be
there", write to a local group, ask to start one.

Each public form has the honeypot and the single-use fill-time stamp of core.forms. Text
is cleaned of control characters (core.forms.clean_text); a description is kept as plain
text turned into paragraphs, so no HTML a stranger typed reaches a page or an email.
Times are typed as the action's local wall-clock time and read in its time zone.
"""

import zoneinfo
from functools import cache

from django import forms
from django.utils import timezone
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import (
    CleanCharField,
    DeliverableEmailField,
    SiteMessagesForm,
    SpamProtectedForm,
    refuse_links_in_name,
)
from core.i18n import BCP47
from events.models import LANGUAGE_CHOICES, Event
from events.places import find_city

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


@cache
def time_zone_choices():
    zones = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )
    return [("", _("The city's time zone")), ("UTC", "UTC"), *[(z, z.replace("_", " ")) for z in zones]]


class ZoneSelect(forms.Select):
    """The IANA zones' names are English: each option says so (`lang="en"`)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = "en"
        return option


class LanguageSelect(forms.Select):
    """Each language named in itself, and marked so (`lang` on its option)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = BCP47.get(value, value)
        return option


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def plain_to_html(text):
    """Plain text as paragraphs of escaped text: what a submitter writes is never markup."""
    return linebreaks(escape(text)) if text else ""


def html_to_plain(html):
    """The stored description back as the plain text its submitter typed."""
    text = html.replace("</p>", "\n\n").replace("<br>", "\n")
    return "\n".join(line.strip() for line in strip_tags(text).splitlines()).strip()


class EventTimesForm(SiteMessagesForm):
    """The action's times, typed in its own zone."""

    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=DATETIME_FORMATS,
        widget=LocalDateTimeInput(),
        help_text=_("Local time where the action happens."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput(), required=False
    )

    def zone_name(self, data):
        return self.instance_zone

    def read_times(self, data):
        """Read the wall-clock times just typed in the action's zone (Django read them in the server's)."""
        name = self.zone_name(data)
        if not name:
            return data
        zone = zoneinfo.ZoneInfo(name)
        for field in ("starts_at", "ends_at"):
            if data.get(field):
                data[field] = timezone.make_aware(timezone.make_naive(data[field]), zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end is before the start."))
        if data.get("starts_at") and data["starts_at"] < timezone.now():
            self.add_error("starts_at", _("This time has already passed."))
        return data


class EventSubmitForm(SpamProtectedForm, EventTimesForm):
    """ "Submit an action", without an account."""

    title = CleanCharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of action"), choices=Event.Kind.choices)
    description = CleanCharField(
        label=_("Description"),
        max_length=5000,
        multiline=True,
        required=False,
        help_text=_("What will happen, what to bring. Plain text; links are not made clickable."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        widget=ZoneSelect,
        help_text=_("Leave it to us for a city we know; choose it for an online action."),
    )
    venue = CleanCharField(label=_("Venue"), max_length=200, required=False)
    address = CleanCharField(label=_("Address and how to get there"), max_length=300, required=False)
    city = CleanCharField(label=_("City"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country or territory"), required=False)
    online_url = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")
    contact_choice = forms.ChoiceField(
        label=_("How people can reach you"),
        choices=Event.Contact.choices,
        initial=Event.Contact.NONE,
        widget=forms.RadioSelect,
        help_text=_("With the form, your address is never shown: we pass on their messages."),
    )
    name = CleanCharField(
        label=_("Your name"),
        max_length=200,
        validators=[refuse_links_in_name],
        help_text=_("Seen only by the campaign's Organisers."),
    )
    email = DeliverableEmailField(
        label=_("Your email"),
        help_text=_("We send a link to confirm and to manage your action. Never shown."),
    )

    field_order = [
        "title",
        "kind",
        "description",
        "starts_at",
        "ends_at",
        "time_zone",
        "venue",
        "address",
        "city",
        "country",
        "online_url",
        "contact_choice",
        "name",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["country"].choices = [("", _("Choose…")), *countries]

    def zone_name(self, data):
        return data.get("_zone")

    def clean(self):
        data = super().clean()
        online = data.get("kind") == Event.Kind.ONLINE
        place = find_city(data.get("city", ""), data.get("country", "")) if data.get("city") else None
        if not online and not data.get("city"):
            self.add_error("city", _("Say in which city the action happens."))
        if online and not data.get("online_url"):
            self.add_error("online_url", _("Give the link people use to join."))
        zone = data.get("time_zone") or (place.time_zone if place else "")
        if not zone and "time_zone" not in self.errors:
            self.add_error("time_zone", _("We do not know this city's time zone: please choose it."))
        data["_zone"] = zone
        data["_place"] = place
        return self.read_times(data)


class EventEditForm(EventSubmitForm):
    """The submitter's edit through the manage link, before the action is published."""

    def __init__(self, *args, event, **kwargs):
        initial = {
            "title": event.title,
            "kind": event.kind,
            "description": html_to_plain(event.description or ""),
            "starts_at": event.local_start.replace(tzinfo=None),
            "ends_at": event.local_end.replace(tzinfo=None) if event.ends_at else None,
            "time_zone": event.time_zone if event.location_manual else "",
            "venue": event.venue,
            "address": event.address,
            "city": event.city,
            "country": event.country.code or "",
            "online_url": event.online_url,
            "contact_choice": event.contact_choice,
            "name": event.submitter_name,
            "email": event.submitter_email,
        }
        super().__init__(*args, initial=initial, **kwargs)
        del self.fields["email"]  # the manage link is tied to the address it was sent to

    def is_probably_bot(self):
        return False  # reached through a private link

    def _stamp_taken(self):
        return True


class EventTimesEditForm(EventTimesForm):
    """What a submitter may change on a published action: its times. Nothing typed here
    reaches the page unmoderated; attendees are told of the change."""

    def __init__(self, *args, event, **kwargs):
        self.instance_zone = event.time_zone or "UTC"
        initial = {
            "starts_at": event.local_start.replace(tzinfo=None),
            "ends_at": event.local_end.replace(tzinfo=None) if event.ends_at else None,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        return self.read_times(super().clean())


class JoinForm(SpamProtectedForm):
    """ "I'll be there"."""

    name = CleanCharField(
        label=_("Your name"),
        max_length=200,
        validators=[refuse_links_in_name],
        help_text=_("Never shown publicly: only the count of people coming is."),
    )
    email = DeliverableEmailField(
        label=_("Your email"), help_text=_("We send a link to confirm, and a reminder.")
    )


class GroupContactForm(SpamProtectedForm):
    """A message relayed to a group's (or an action's organiser's) private address."""

    name = CleanCharField(label=_("Your name"), max_length=100, validators=[refuse_links_in_name])
    email = DeliverableEmailField(label=_("Your email"), required=False)
    share_email = forms.BooleanField(
        label=_("Give them my email address so that they can reply"),
        required=False,
        help_text=_("Unticked, they cannot answer you: write how to reach you in your message if you wish."),
    )
    message = CleanCharField(
        label=_("Message"),
        max_length=2000,
        min_length=10,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        data = super().clean()
        if data.get("share_email") and not data.get("email"):
            self.add_error("email", _("Give the address they may answer to, or untick the box."))
        return data


class GroupStartForm(SpamProtectedForm):
    """ "Start a group": a request to the Organisers."""

    name = CleanCharField(label=_("Your name"), max_length=100, validators=[refuse_links_in_name])
    email = DeliverableEmailField(
        label=_("Your email"), help_text=_("The Organisers answer you at this address.")
    )
    city = CleanCharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country or territory"))
    language = forms.ChoiceField(
        label=_("The language your group reads"),
        choices=LANGUAGE_CHOICES,
        required=False,  # a form shown before the field existed: the page's language
        help_text=_("Messages written to your group on the site reach you in it."),
        widget=LanguageSelect,
    )
    message = CleanCharField(
        label=_("Tell us about the group you would like to start"),
        max_length=2000,
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose…")), *countries]
        self.fields["language"].initial = get_language()
