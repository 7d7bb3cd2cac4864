"""Actions in other pages: the home page's next actions, the thank-you page's nearest one."""

from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

from events import selectors

register = template.Library()


@register.filter
def plain(html):
    """Rich text as plain text (feeds, calendars, descriptions)."""
    text = unescape(strip_tags(str(html or "").replace("</p>", "</p>\n\n").replace("<br>", "\n")))
    return normalize_newlines(text).strip()


@register.inclusion_tag("events/_next_actions.html")
def next_actions(limit=3, heading="h2"):
    return {"events": selectors.next_actions(limit), "heading": heading}


@register.inclusion_tag("events/_nearest_action.html")
def nearest_action(country=""):
    return {"event": selectors.nearest_action(country), "country": country}
