"""iCalendar files: one action's "add to calendar" file and the feed of upcoming ones.

Times are written in UTC (a `Z` time): every calendar shows them in its reader's
zone, and no VTIMEZONE block needs to be kept in step with the tz database. The
action's own zone is named in the description, as on its page.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.links import absolute_url
from events.templatetags.event_tags import plain


def _uid(event):
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _location(event):
    if event.is_online:
        return event.online_url or _("Online")
    parts = [str(event.venue), str(event.address), event.city, event.country.name if event.country else ""]
    return ", ".join(part for part in parts if part)


def _component(event):
    url = absolute_url(event.get_absolute_url())
    item = CalendarEvent()
    item.add("uid", _uid(event))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at.astimezone(UTC))
    if event.ends_at:
        item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", str(event.title))
    description = plain(event.description)
    local = event.local_start.strftime("%Y-%m-%d %H:%M")
    item.add(
        "description",
        f"{description}\n\n{local} ({event.time_zone or 'UTC'}, {event.utc_offset})\n{url}".strip(),
    )
    item.add("location", _location(event))
    item.add("url", url)
    if event.latitude is not None and event.longitude is not None:
        item.add("geo", (float(event.latitude), float(event.longitude)))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("last-modified", event.updated_at)
    return item


def calendar_of(events, *, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Campaign actions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event))
    return calendar.to_ical()
