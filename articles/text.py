"""Plain text from the HTML of an article, for summaries, feeds and search."""

from html import unescape

from django.utils.html import strip_tags


def plain_text(html):
    """The text of an HTML fragment, entities decoded."""
    return unescape(strip_tags(html or ""))
