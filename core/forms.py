"""What forms share: error messages in the site's own words, protection for public
forms (a honeypot, a single-use fill-time stamp), text cleaned of control characters,
names that cannot smuggle a link into our emails, addresses our mail server can
deliver to, and a picture field."""

import copy
import functools
import re
import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import uploads
from core.limits import first_use

# Bidirectional overrides and isolates let a name display as something else.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
STAMP_SALT = "form-rendered"
# How long a form's stamp may be sent after it was issued (the page rendered, its
# script asking for a token, the form shown again). Two hours: someone who reads the
# petition, asks a friend and fills in the form within an hour still signs at the
# first press, with an hour to spare for a page kept in the cache and a slow network.
# A stamp lifted from a page is worth one sending within that time, not a day of them;
# one that ran out costs a person a second press (the form comes back filled in).
STAMP_MAX_AGE = 2 * 3600


def form_stamp(shown_at=None):
    """A signed stamp of when a form was shown, with a random nonce that makes it single-use."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.dumps({"t": shown_at, "n": secrets.token_urlsafe(16)}, salt=STAMP_SALT)


def read_stamp(value, *, max_age=None):
    """(shown at, nonce) of a stamp we issued (within `max_age` seconds of issuing it,
    when given), else None."""
    stamp = _read_signed_stamp(value)
    if stamp is None or (max_age is not None and time.time() - stamp[2] > max_age):
        return None
    return stamp[:2]


def _read_signed_stamp(value):
    """(shown at, nonce, issued at) of a stamp we issued, however old, else None."""
    signer = signing.TimestampSigner(salt=STAMP_SALT)  # as signing.loads() reads it
    try:
        payload = signer.unsign_object(value or "")
        # The signature holds: the time stamp it signed is ours.
        issued_at = signing.b62_decode(value.rsplit(signer.sep, 2)[1])
    except (signing.BadSignature, ValueError, IndexError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str):
        return None
    try:
        return float(payload["t"]), payload["n"], issued_at
    except (KeyError, TypeError, ValueError):
        return None


def stamp_again(value):
    """A fresh stamp for a form shown again: the time it was first shown when `value`
    is one of ours (however old), now otherwise; a new nonce either way."""
    stamp = read_stamp(value)
    return form_stamp(stamp[0] if stamp else None)


class StampField(forms.CharField):
    """The hidden stamp. A form shown again (with errors, over a limit, after the CSRF
    check) carries a new one: the one it was sent with may have been spent."""

    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        return stamp_again(data)


def clean_text(value, *, multiline=False):
    """Strip control characters (keeping line breaks in multi-line text), NFC, tidy spaces."""
    value = unicodedata.normalize("NFC", value or "")
    kept = []
    for ch in value:
        if multiline and ch == "\n":
            kept.append(ch)
        elif ch in _BIDI_CONTROLS:
            continue
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\u2028\u2029":
            kept.append(" " if ch in "\t\r\u2028\u2029" else "")
        else:
            kept.append(ch)
    value = "".join(kept)
    if multiline:
        lines = [" ".join(line.split()) for line in value.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(value.split())


class CleanCharField(forms.CharField):
    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.max_length is not None and len(value) > 4 * self.max_length + 100:
            # Far too long to become valid by cleaning: left as it is for the length check
            # to refuse, instead of walking millions of characters one by one in Python.
            return value
        return clean_text(value, multiline=self.multiline)


# Django's own messages read as a machine's ("Ensure this value has at most 200
# characters", in Chinese 确保该变量…): the public forms speak in the site's words.
SITE_MESSAGES = {
    "required": _("Please fill in this field."),
    "invalid_choice": _("Please choose one of the options offered."),
    "max_length": ngettext_lazy(
        "Please shorten this to at most %(limit_value)d character (it has %(show_value)d).",
        "Please shorten this to at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    "min_length": ngettext_lazy(
        "Please write at least %(limit_value)d character (it has %(show_value)d).",
        "Please write at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
}
EMAIL_MESSAGE = _("Please enter an email address, such as name@example.org.")
FIELD_KIND_MESSAGES = (
    (forms.EmailField, "invalid", EMAIL_MESSAGE),
    (forms.FileField, "empty", _("This file is empty. Please choose another one.")),
    (forms.BooleanField, "required", _("Please tick this box to go on.")),
)


def _django_defaults(field):
    """The message objects Django's own field classes give `field`."""
    defaults = set()
    for cls in type(field).__mro__:
        defaults.update(id(message) for message in getattr(cls, "default_error_messages", {}).values())
    return defaults


def use_site_messages(field):
    """Give `field` the site's messages wherever it has Django's; a message a form wrote
    for its field stays."""
    defaults = _django_defaults(field)
    messages = dict(SITE_MESSAGES)
    messages.update({code: message for kind, code, message in FIELD_KIND_MESSAGES if isinstance(field, kind)})
    for code, message in messages.items():
        current = field.error_messages.get(code)
        if current is None or id(current) in defaults:
            field.error_messages[code] = message


def _plain_copy(obj):
    """copy.copy(obj) for an object that copies as a plain instance: its attributes."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _copies_plainly(cls, deepcopies):
    return (
        cls.__deepcopy__ in deepcopies
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and cls.__getstate__ is object.__getstate__
        and not hasattr(cls, "__copy__")
        and not hasattr(cls, "__setstate__")
        and not hasattr(cls, "__slots__")
        and cls.__new__ is object.__new__
    )


_FIELD_DEEPCOPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_WIDGET_DEEPCOPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


class CopiedFields(dict):
    """A form class's fields, which every form copies: each field as Django's own
    __deepcopy__ methods copy it (the field and its widget copied, their attributes,
    messages, validators and choices their own), without copy.deepcopy's generic walk
    through each object. Copying the signing form's 18 fields that way took a tenth of
    a signature's CPU. A field or widget with a copy of its own is copied by it."""

    def __deepcopy__(self, memo):
        return {name: self._copy(field, memo) for name, field in self.items()}

    @staticmethod
    def _copy(field, memo):
        widget = field.widget
        if (
            id(field) in memo
            or id(widget) in memo
            or not _copies_plainly(type(field), _FIELD_DEEPCOPIES)
            or not _copies_plainly(type(widget), _WIDGET_DEEPCOPIES)
        ):
            return copy.deepcopy(field, memo)
        result = memo[id(field)] = _plain_copy(field)
        result.widget = memo[id(widget)] = _plain_copy(widget)
        result.widget.attrs = widget.attrs.copy()
        if isinstance(widget, forms.widgets.ChoiceWidget):
            result.widget.choices = copy.copy(widget.choices)
        result.error_messages = field.error_messages.copy()
        result.validators = field.validators[:]
        if isinstance(field, forms.ChoiceField):
            result._choices = copy.deepcopy(field._choices, memo)
        return result


class SiteMessagesForm(forms.Form):
    """A form whose errors for a missing, too long or too short value, a choice not
    offered and an address that is not one are in the site's words."""

    def __init__(self, *args, **kwargs):
        # Once per form class, on the fields every instance copies (each form the signing
        # page takes used to go through its 17 fields' messages again).
        form_class = type(self)
        if not form_class.__dict__.get("_site_messages_given"):
            for field in form_class.base_fields.values():
                use_site_messages(field)
            form_class.base_fields = CopiedFields(form_class.base_fields)
            form_class._site_messages_given = True
        super().__init__(*args, **kwargs)


class SpamProtectedForm(SiteMessagesForm):
    """A honeypot field people never see and a signed, single-use stamp of when the form was shown.

    Subclasses (or a ModelForm mixing this in) get `is_probably_bot()` after validation:
    a filled honeypot, a stamp missing or not ours, or a form sent back faster than a
    person types. Such a form is answered as if all went well, and its stamp is not
    spent. Any other valid form spends its stamp; one that ran out (STAMP_MAX_AGE) or
    was already spent is refused with an error asking to send it again (the form comes
    back with a fresh stamp): a stamp lifted from a page cannot be replayed.
    """

    honeypot_field = "website"
    min_seconds_setting = "FORM_MIN_SECONDS"

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        # Hidden from screen readers as well as from sight: a person never fills it in.
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field", "aria-hidden": "true"}
        ),
    )
    rendered = StampField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = form_stamp()

    @functools.cached_property
    def _sent_stamp(self):
        """The stamp this form was sent with, read once: (shown at, nonce, issued at) or None."""
        return _read_signed_stamp(self.data.get("rendered", ""))

    def seconds_to_fill(self):
        stamp = self._sent_stamp
        return None if stamp is None else time.time() - stamp[0]

    def is_probably_bot(self):
        """True when the honeypot was filled, the stamp is not ours, or the form came back
        faster than a person types."""
        if self.data.get(self.honeypot_field):
            return True
        elapsed = self.seconds_to_fill()
        minimum = getattr(settings, self.min_seconds_setting, 3)
        return elapsed is None or elapsed < minimum

    # False where the view spends the stamp itself, in one round trip with what else it
    # counts (core.limits.admit with stamp_once()), and calls refuse_stale() when spent.
    spends_stamp_in_clean = True

    def clean(self):
        data = super().clean()
        if not self.spends_stamp_in_clean:
            return data
        if not self._errors and not self.is_probably_bot() and not self._stamp_taken():
            raise self.stale_error()
        return data

    def stale_error(self):
        return forms.ValidationError(
            _(
                "This form was open for a long time, or has already been sent. "
                "Please check what you typed and send it again."
            ),
            code="stale_form",
        )

    def refuse_stale(self):
        """The stamp ran out or was spent: the form comes back with the error clean() gives."""
        self.add_error(None, self.stale_error())

    def stamp_scope(self):
        """What a stamp is spent for: nothing by default (one sending per stamp). A form
        on a page cached for everyone shares one stamp among its readers and spends it
        per what identifies one sending instead (the signing form: the address)."""
        return ""

    def stamp_once(self):
        """The stamp as core.limits.first_use and admit spend it: (scope, value, seconds),
        or None when it ran out or is not ours."""
        stamp = self._sent_stamp
        if stamp is None or time.time() - stamp[2] > STAMP_MAX_AGE:
            return None
        scope = self.stamp_scope()
        return ("form-stamp", f"{stamp[1]}:{scope}" if scope else stamp[1], STAMP_MAX_AGE + 60)

    def _stamp_taken(self):
        """Spend the stamp: True when it was fresh and this is its first use (in its scope)."""
        once = self.stamp_once()
        return once is not None and first_use(*once)


# What makes a name look like a link or an address to a reader or a mail client that
# turns text into links: a scheme, "www.", an @, a domain followed by a path
# ("evil.io/login"), or a word ending in a common top-level domain ("evil.io").
_LINK_LIKE = re.compile(
    r"://|www\.|@|[a-z0-9-]\.[a-z]{2,63}/"
    r"|[a-z0-9-]\.(?:com|net|org|info|biz|io|co|me|ru|cn|su|xyz|top|site|online|club|live|app|dev"
    r"|link|click|shop|store|tech|pro|tk|ml|ga|cf|gq|ly|gl|to|ai|cc|tv|ws|la|hk|tw|mo|uk|us|de"
    r"|fr|jp|kr|in|eu|nl|ch|se|it|es|pl|br|au|ca|nz|sg|my|th|vn|ph|id)\b"
)


def looks_like_link(text):
    """True when `text` holds something a reader or a mail client would take for a web
    or email address. Full-width letters and the ideographic full stop count as the
    ASCII ones they look like."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().replace("\u3002", ".")
    return bool(_LINK_LIKE.search(folded))


def refuse_links_in_name(value):
    """The validator of the name fields whose words reach our emails."""
    if looks_like_link(value):
        raise forms.ValidationError(
            _("Please write a name, not a web address or an email address."), code="url"
        )


class DeliverableEmailField(forms.EmailField):
    """An email address our mail server can deliver to, explained when it cannot.

    Django's check already refuses letters outside ASCII before the @ (an SMTP server
    without SMTPUTF8 cannot take them, and Django's mailer refuses to send to them);
    this field says so in words, and refuses what Django lets through but no one on
    the internet receives: more than 64 characters before the @ (RFC 5321), and
    domains without a dot ("localhost", "[127.0.0.1]").
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)  # RFC 5321's limit on a whole path
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not value or "@" not in value:
            return  # left to the email check
        local, _at, domain = value.rpartition("@")
        if not local.isascii():
            raise forms.ValidationError(
                _(
                    "Our mail server can only deliver to addresses written in Latin letters, "
                    "digits and . _ - + before the @. Please use another address."
                ),
                code="non_ascii",
            )
        if len(local) > 64:
            raise forms.ValidationError(
                _("The part before the @ is too long: an address has at most 64 characters there."),
                code="local_too_long",
            )
        if domain.startswith("[") or "." not in domain.strip("."):
            raise forms.ValidationError(
                _("Please give an address on an internet domain, such as name@example.org."),
                code="no_domain",
            )


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
