"""Actions in other pages: the home page's next actions, the thank-you page's nearest one."""

from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from core.sanitize import clean_rich_text
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


@register.filter
def rich_text(value):
    """A description or report, sanitised once more as it is shown (stored ones already are)."""
    return mark_safe(clean_rich_text(str(value or "")))  # noqa: S308 -- the output of the nh3 sanitiser


@register.inclusion_tag("events/_map.html")
def events_map():
    """The map of upcoming actions and groups, for pages whose views know nothing of them."""
    return {"markers": selectors.map_markers()}


@register.filter
def map_points(markers):
    """The cities with upcoming actions, as the world map draws them:
    (latitude, longitude, label, url, count)."""
    return [(m.lat, m.lon, m.label, m.url, m.count) for m in markers if m.kind != "group"]


@register.filter
def group_points(markers):
    """The local groups as the world map draws them: (latitude, longitude, name, url)."""
    return [(m.lat, m.lon, m.label, m.url) for m in markers if m.kind == "group"]
