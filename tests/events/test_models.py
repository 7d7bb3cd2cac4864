"""Actions' life, places found offline, and attendees' privacy in the database."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from events.models import Attendee, Event
from events.places import find_city
from tests.events.factories import (
    ConfirmedAttendeeFactory,
    LocalGroupFactory,
    PublishedEventFactory,
    SubmittedEventFactory,
    UnconfirmedEventFactory,
)

pytestmark = pytest.mark.django_db


def test_cities_are_found_offline_the_most_populous_first():
    london = find_city("london", "GB")
    assert london.time_zone == "Europe/London"
    assert abs(london.latitude - Decimal("51.5")) < 1
    assert find_city("London", "CA").time_zone == "America/Toronto"
    assert find_city("香港", "HK").time_zone == "Asia/Hong_Kong"
    assert find_city("Nowhere-on-Sea", "GB") is None


def test_an_action_takes_its_citys_coordinates_and_zone():
    event = SubmittedEventFactory(city="Taipei", country="TW")
    assert event.time_zone == "Asia/Taipei"
    assert event.latitude is not None and event.longitude is not None


def test_coordinates_set_by_hand_are_kept():
    event = SubmittedEventFactory(
        city="Somewhere small",
        country="GB",
        latitude=Decimal("50.1"),
        longitude=Decimal("-5.5"),
        time_zone="Europe/London",
        location_manual=True,
    )
    event.city = "London"
    event.save()
    event.refresh_from_db()
    assert event.latitude == Decimal("50.1")


def test_a_group_takes_its_citys_coordinates():
    group = LocalGroupFactory(city="Berlin", country="DE")
    assert round(group.latitude) == 53 and round(group.longitude) == 13


def test_a_hong_kong_action_is_at_its_local_time_whatever_the_reader():
    starts = datetime(2026, 6, 4, 20, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    event = PublishedEventFactory(city="Hong Kong", country="HK", starts_at=starts, ends_at=None)
    event.refresh_from_db()
    assert event.starts_at == starts
    assert event.local_start.hour == 20
    assert event.utc_offset == "UTC+8"
    with timezone.override(ZoneInfo("Europe/London")):
        assert timezone.localtime(event.starts_at).hour == 13  # London keeps summer time in June


def test_the_offset_follows_daylight_saving_time():
    # Clocks in London go back on 25 October 2026: the same wall time has another offset.
    before = PublishedEventFactory(starts_at=datetime(2026, 10, 24, 14, 0, tzinfo=ZoneInfo("Europe/London")))
    after = PublishedEventFactory(starts_at=datetime(2026, 10, 26, 14, 0, tzinfo=ZoneInfo("Europe/London")))
    assert before.utc_offset == "UTC+1" and after.utc_offset == "UTC+0"
    assert before.starts_at.astimezone(ZoneInfo("UTC")).hour == 13
    assert after.starts_at.astimezone(ZoneInfo("UTC")).hour == 14
    assert before.local_start.hour == after.local_start.hour == 14


def test_transitions_follow_their_guards():
    event = UnconfirmedEventFactory()
    assert not event.publish()
    assert event.confirm_email() and event.status == Event.Status.SUBMITTED and event.confirmed_at
    assert event.request_changes("Please add the address.")
    assert event.status == Event.Status.CHANGES_REQUESTED
    assert not event.request_changes("again")
    assert event.resubmit()
    assert event.publish() and event.published_at
    assert not event.reject("too late")
    assert event.cancel() and event.cancelled_at
    assert not event.cancel()
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_a_second_moderator_loses_the_race():
    event = SubmittedEventFactory()
    stale = Event.objects.get(pk=event.pk)
    assert event.reject("Not about Hong Kong.")
    assert not stale.publish()
    assert stale.status == Event.Status.REJECTED


def test_the_manage_link_is_stored_only_as_a_hash():
    event = SubmittedEventFactory()
    token = event.new_manage_token()
    event.save()
    assert token not in event.manage_token_hash
    assert Event.by_manage_token(token) == event
    assert Event.by_manage_token(token + "x") is None
    assert Event.by_manage_token("") is None


def test_submitters_and_attendees_addresses_are_encrypted_at_rest():
    attendee = ConfirmedAttendeeFactory(email="Someone@Example.org", name="Chan Tai Man")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, name FROM events_attendee WHERE id = %s", [attendee.pk])
        email, name = cursor.fetchone()
        cursor.execute("SELECT submitter_email FROM events_event WHERE id = %s", [attendee.event_id])
        (submitter,) = cursor.fetchone()
    assert "example.org" not in email.lower() and "Chan" not in name
    assert "example.org" not in submitter


def test_one_attendee_per_address_per_action():
    attendee = ConfirmedAttendeeFactory(email="someone@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendee.objects.create(event=attendee.event, name="Again", email="SOMEONE@example.org")
    other = PublishedEventFactory()
    Attendee.objects.create(event=other, name="Elsewhere", email="someone@example.org")


def test_upcoming_and_past_are_told_apart_by_the_end():
    running = PublishedEventFactory(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    over = PublishedEventFactory(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    SubmittedEventFactory()
    assert list(Event.objects.upcoming()) == [running]
    assert list(Event.objects.past()) == [over]


def test_description_is_sanitised_on_save():
    event = SubmittedEventFactory(description_en='<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert "script" not in event.description_en and "onclick" not in event.description_en
