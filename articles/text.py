"""Small helpers shared by the pages, the feeds and the model."""

from html import unescape

from django.conf import settings
from django.utils.html import strip_tags


def plain_text(html):
    """The text of an HTML fragment, entities decoded."""
    return unescape(strip_tags(html or ""))


def absolute(url):
    """An absolute URL on the public site (storages may already give absolute ones)."""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url
