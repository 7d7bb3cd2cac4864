"""Article filters and tags: the body sanitised as shown, and labels for translated text."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.sanitize import clean_article_html

register = template.Library()


@register.filter
def clean_html(value):
    """An article body, sanitised once more as it is shown (stored bodies already are)."""
    return mark_safe(clean_article_html(value))  # noqa: S308 -- the output of the nh3 sanitiser


def _language_name(code):
    """A language's name in the reader's language (繁体中文 on a Simplified page)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def _note(value):
    lang = getattr(value, "lang", "")
    if getattr(value, "converted", False):
        source = "zh-hant" if lang == "zh-hans" else "zh-hans"
        # Translators: shown beside a text converted by software from the other Chinese script.
        return "converted", gettext("Converted automatically from %(language)s") % {
            "language": _language_name(source)
        }
    if lang and lang != get_language():
        # Translators: label of a text shown in another language, e.g. "In English".
        return "other-language", gettext("In %(language)s") % {"language": _language_name(lang)}
    return None


@register.simple_tag
def language_note(value, like=None):
    """A label when a translated text is in another language or converted automatically.

    With `like`, nothing is shown when that other text already carries the same label.
    """
    note = _note(value)
    if not note or (like is not None and _note(like) == note):
        return ""
    kind, text = note
    return format_html('<span class="lang-note lang-note-{}">{}</span>', kind, text)
