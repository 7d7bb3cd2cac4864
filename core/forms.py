"""What forms share: protection for public forms (a honeypot, a minimum fill time) and a picture field."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core import uploads


class SpamProtectedForm(forms.Form):
    """A honeypot field people never see and a signed time stamp of when the form was shown.

    Subclasses (or a ModelForm mixing this in) get `is_probably_bot()` after validation.
    """

    honeypot_field = "website"
    min_seconds_setting = "FORM_MIN_SECONDS"

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = signing.dumps(time.time(), salt="form-rendered")

    def seconds_to_fill(self):
        try:
            shown = signing.loads(self.data.get("rendered", ""), salt="form-rendered", max_age=86400)
        except signing.BadSignature:
            return None
        return time.time() - float(shown)

    def is_probably_bot(self):
        """True when the honeypot was filled or the form came back faster than a person types."""
        if self.data.get(self.honeypot_field):
            return True
        elapsed = self.seconds_to_fill()
        minimum = getattr(settings, self.min_seconds_setting, 3)
        return elapsed is None or elapsed < minimum


class PictureField(forms.FileField):
    """A file field that accepts only pictures, checked and re-encoded by `core.uploads`.

    A plain FileField underneath (not ImageField), so the refusal messages are the
    checker's and the file is opened once. Options: `max_dimensions`, `max_bytes`,
    and `output_format` ("PNG" for logos); every picture is held to the one pixel
    limit, UPLOAD_MAX_IMAGE_PIXELS. See `core.uploads.clean_uploaded_image`.
    """

    widget = forms.ClearableFileInput(attrs={"accept": uploads.PICTURE_ACCEPT})

    def __init__(self, *args, **kwargs):
        names = ("max_dimensions", "max_bytes", "output_format")
        self.image_options = {name: kwargs.pop(name) for name in names if name in kwargs}
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return uploads.clean_uploaded_image(upload, **self.image_options)
