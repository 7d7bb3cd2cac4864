"""The reads of actions and groups that pages, feeds, the map and the dashboard share."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_countries import countries

from events.models import Attendee, Event, LocalGroup

ARCHIVE_SIZE = 12


@dataclass(frozen=True)
class Marker:
    """One place on the map of actions: a city with upcoming actions, or a local group.
    `count` is the number of upcoming actions there (0 for a group's marker)."""

    lat: float
    lon: float
    label: str
    url: str
    count: int
    kind: str = "actions"  # or "group"


def upcoming_events(*, country="", city="", online=False, now=None):
    """Published actions not yet over, soonest first, filtered as the events page asks."""
    events = Event.objects.upcoming(now).with_group()
    if online:
        events = events.filter(kind=Event.Kind.ONLINE)
    if country:
        events = events.filter(country=country)
    if city:
        events = events.filter(city__iexact=city)
    return events


def archive_events(*, country="", city="", now=None, limit=ARCHIVE_SIZE):
    """The latest past actions, those with a photo or a report first."""
    events = Event.objects.past(now).with_group()
    if country:
        events = events.filter(country=country)
    if city:
        events = events.filter(city__iexact=city)
    return events[:limit]


def filter_choices(now=None):
    """(countries, cities) that have upcoming actions, for the filters: [(code, name)], [city]."""
    rows = (
        Event.objects.upcoming(now)
        .exclude(country="")
        .values_list("country", "city")
        .distinct()
        .order_by("country", "city")
    )
    rows = list(rows)
    codes = sorted({code for code, _city in rows}, key=lambda code: countries.name(code))
    cities = sorted({city for _code, city in rows if city}, key=str.casefold)
    return [(code, countries.name(code)) for code in codes], cities


def events_url(*, country="", city=""):
    query = {key: value for key, value in (("country", country), ("city", city)) if value}
    url = reverse("events:list")
    return f"{url}?{urlencode(query)}" if query else url


def _place_label(city, code):
    """ "London, United Kingdom"; a city that is its country's name once ("Hong Kong")."""
    country = countries.name(code) if code else ""
    return city if not country or city.casefold() == str(country).casefold() else f"{city}, {country}"


def map_markers(now=None, *, with_groups=True):
    """One marker per city with upcoming published actions (with their number), then one
    per published local group with known coordinates. Online actions have no place."""
    rows = (
        Event.objects.upcoming(now)
        .exclude(kind=Event.Kind.ONLINE)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("country", "city", "latitude", "longitude")
        .order_by("starts_at", "id")
    )
    cities = {}
    for code, city, lat, lon in rows:
        key = (code, city.casefold())
        if key in cities:
            cities[key]["count"] += 1
        else:
            cities[key] = {"code": code, "city": city, "lat": lat, "lon": lon, "count": 1}
    markers = [
        Marker(
            lat=float(c["lat"]),
            lon=float(c["lon"]),
            label=_place_label(c["city"], c["code"]),
            url=events_url(country=c["code"], city=c["city"]),
            count=c["count"],
        )
        for c in cities.values()
    ]
    if with_groups:
        groups = LocalGroup.objects.published().filter(latitude__isnull=False, longitude__isnull=False)
        markers += [
            Marker(
                lat=float(group.latitude),
                lon=float(group.longitude),
                label=str(group.name),
                url=group.get_absolute_url(),
                count=0,
                kind="group",
            )
            for group in groups
        ]
    return markers


def next_actions(limit=3, now=None):
    return list(Event.objects.upcoming(now).with_group()[:limit])


def nearest_action(country, now=None):
    """The soonest upcoming action in a country, or else the soonest online one (one query)."""
    online = Q(kind=Event.Kind.ONLINE)
    here = Q(country=country) if country else Q(pk__in=[])
    elsewhere = Case(When(here, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Event.objects.upcoming(now)
        .filter(here | online)
        .with_group()
        .alias(elsewhere=elsewhere)
        .order_by("elsewhere", "starts_at", "id")
        .first()
    )


def group_upcoming(group, now=None):
    return Event.objects.upcoming(now).filter(group=group).with_group()


def attendee_count(event):
    return event.attendees.confirmed().count()


def counts_by_country(now=None):
    """For the dashboard, in one query: per country, upcoming and past published actions
    and their confirmed attendees, most actions first, and the number of submitted
    actions waiting for an Organiser.
    ([{country, name, upcoming, past, attendees}], waiting)"""
    now = now or timezone.now()
    published = Q(status=Event.Status.PUBLISHED)
    over = published & (Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now))
    going = published & Q(attendees__status=Attendee.Status.CONFIRMED)
    rows = (
        Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.SUBMITTED])
        .values("country")
        .annotate(
            total=Count("id", filter=published, distinct=True),
            past=Count("id", filter=over, distinct=True),
            waiting=Count("id", filter=Q(status=Event.Status.SUBMITTED), distinct=True),
            attendees=Count("attendees", filter=going),
        )
        .order_by("-total", "country")
    )
    rows = list(rows)
    table = [
        {
            "country": row["country"],
            "name": countries.name(row["country"]) if row["country"] else "",
            "upcoming": row["total"] - row["past"],
            "past": row["past"],
            "attendees": row["attendees"],
        }
        for row in rows
        if row["total"]
    ]
    return table, sum(row["waiting"] for row in rows)


# An attendee's reminder goes this long before the action starts.
REMINDER_HOURS = 24


def reminders_due(now=None):
    """Confirmed attendees of published actions starting within REMINDER_HOURS who have
    had no reminder and did not confirm within that time (they have just been told)."""
    now = now or timezone.now()
    return Attendee.objects.confirmed().filter(
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=REMINDER_HOURS),
        confirmed_at__lte=F("event__starts_at") - timedelta(hours=REMINDER_HOURS),
    )


def attendees_of(event):
    """The confirmed attendees' names, for the action's organiser: no addresses."""
    return list(event.attendees.confirmed().order_by("confirmed_at", "id").values_list("name", flat=True))
