"""The public pages of actions and local groups, their calendars and the JSON list.

Every page here is the same for every reader (no form with a CSRF token, no session):
the public cache keeps them like the other public pages.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from core.links import absolute_url
from events import selectors
from events.calendar import calendar_of
from events.models import Event, LocalGroup
from events.templatetags.event_tags import plain

API_LIMIT = 500


def _filters(request):
    country = request.GET.get("country", "").upper()
    if country not in countries:
        country = ""  # an unknown value shows everything rather than failing
    city = request.GET.get("city", "").strip()[:100]
    online = request.GET.get("online") == "1"
    return {"country": country, "city": city, "online": online}


def event_list(request):
    filters = _filters(request)
    upcoming = list(selectors.upcoming_events(**filters))
    country_choices, city_choices = selectors.filter_choices()
    archive = selectors.archive_events(country=filters["country"], city=filters["city"])
    context = {
        "filters": filters,
        "filtered": any(filters.values()),
        "events": upcoming,
        "archive": [] if filters["online"] else list(archive),
        "country_choices": country_choices,
        "city_choices": city_choices,
        "markers": selectors.map_markers(),
    }
    return render(request, "events/list.html", context)


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.listed().select_related("group"), slug=slug)
    context = {
        "event": event,
        "attendees": selectors.attendee_count(event),
        "share_url": absolute_url(event.get_absolute_url()),
        "og_description": plain(event.description)[:300],
    }
    return render(request, "events/detail.html", context)


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    return _ics(calendar_of([event], name=str(event.title)), f"{event.slug}.ics")


def event_feed(request):
    events = Event.objects.upcoming()
    return _ics(calendar_of(events, name=_("Actions for Hong Kong")), "actions.ics")


def group_list(request):
    groups = LocalGroup.objects.published()
    return render(
        request, "events/groups.html", {"groups": groups, "markers": selectors.map_markers(with_groups=True)}
    )


def group_detail(request, slug):
    group = get_object_or_404(LocalGroup.objects.published(), slug=slug)
    context = {"group": group, "events": list(selectors.group_upcoming(group))}
    return render(request, "events/group.html", context)


def _as_json(event):
    return {
        "slug": event.slug,
        "url": absolute_url(event.get_absolute_url()),
        "title": {code: value for code, value in event.localized("title").items() if value},
        "kind": event.kind,
        "status": event.status,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "time_zone": event.time_zone or "UTC",
        "city": event.city,
        "country": event.country.code or None,
        "latitude": float(event.latitude) if event.latitude is not None else None,
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "online": event.is_online,
        "group": event.group.slug if event.group else None,
        "ics": absolute_url(event.get_absolute_url() + "calendar.ics"),
    }


@require_GET
def events_json(request):
    """Upcoming published actions, soonest first, for other sites and apps."""
    events = Event.objects.upcoming().select_related("group")[:API_LIMIT]
    return JsonResponse({"events": [_as_json(event) for event in events]})
