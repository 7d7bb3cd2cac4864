"""Factories of actions, groups and attendees, one per state a test needs."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Attendee, Event, LocalGroup


class LocalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGroup

    name_en = factory.Sequence(lambda n: f"Hong Kong Solidarity Group {n}")
    name_zh_hant = factory.Sequence(lambda n: f"香港團結小組 {n}")
    city = "London"
    country = "GB"
    meeting_pattern_en = "First Saturday of the month"
    contact_email = factory.Sequence(lambda n: f"group{n}@example.org")
    is_published = True


class SubmittedEventFactory(factory.django.DjangoModelFactory):
    """Submitted and confirmed by email, waiting for an Organiser."""

    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Free the political prisoners {n}")
    title_zh_hant = factory.Sequence(lambda n: f"釋放香港政治犯 {n}")
    description_en = "<p>Join us with placards.</p>"
    kind = Event.Kind.PROTEST
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    city = "London"
    country = "GB"
    venue_en = "Chinese Embassy"
    submitter_name = "Organiser Person"
    submitter_email = factory.Sequence(lambda n: f"organiser{n}@example.org")
    status = Event.Status.SUBMITTED
    confirmed_at = factory.LazyFunction(timezone.now)


class UnconfirmedEventFactory(SubmittedEventFactory):
    status = Event.Status.UNCONFIRMED
    confirmed_at = None


class PublishedEventFactory(SubmittedEventFactory):
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PastEventFactory(PublishedEventFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    report_en = "<p>Two hundred people came.</p>"


class OnlineEventFactory(PublishedEventFactory):
    kind = Event.Kind.ONLINE
    city = ""
    country = ""
    venue_en = ""
    time_zone = "UTC"
    online_url = "https://meet.example.org/hk"


class PendingAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    event = factory.SubFactory(PublishedEventFactory)
    name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    status = Attendee.Status.PENDING


class ConfirmedAttendeeFactory(PendingAttendeeFactory):
    status = Attendee.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
