"""The map's markers, the next and nearest actions, and the dashboard's counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import selectors
from tests.events.factories import (
    ConfirmedAttendeeFactory,
    LocalGroupFactory,
    OnlineEventFactory,
    PastEventFactory,
    PendingAttendeeFactory,
    PublishedEventFactory,
    SubmittedEventFactory,
)

pytestmark = pytest.mark.django_db


def test_one_marker_per_city_with_upcoming_actions_numbered():
    PublishedEventFactory(city="London", country="GB")
    PublishedEventFactory(city="london", country="GB")
    PublishedEventFactory(city="Hong Kong", country="HK")
    PastEventFactory(city="Taipei", country="TW")
    SubmittedEventFactory(city="Berlin", country="DE")
    OnlineEventFactory()
    markers = selectors.map_markers(with_groups=False)
    by_label = {marker.label: marker for marker in markers}
    assert sorted(by_label) == ["Hong Kong", "London, United Kingdom"]
    assert by_label["London, United Kingdom"].count == 2
    assert by_label["Hong Kong"].count == 1
    assert by_label["London, United Kingdom"].url == "/en/events/?country=GB&city=London"
    assert round(by_label["London, United Kingdom"].lat) == 52


def test_published_groups_have_their_own_markers():
    group = LocalGroupFactory(name_en="Berlin group", city="Berlin", country="DE")
    LocalGroupFactory(is_published=False)
    markers = selectors.map_markers()
    (marker,) = [marker for marker in markers if marker.kind == "group"]
    assert marker.label == "Berlin group" and marker.url == group.get_absolute_url() and marker.count == 0


def test_the_map_needs_two_queries(django_assert_num_queries):
    PublishedEventFactory()
    LocalGroupFactory()
    with django_assert_num_queries(2):
        selectors.map_markers()


def test_the_nearest_action_is_in_the_signers_country_or_else_online():
    PublishedEventFactory(city="London", country="GB", starts_at=timezone.now() + timedelta(days=1))
    later_hk = PublishedEventFactory(
        city="Hong Kong", country="HK", starts_at=timezone.now() + timedelta(days=9)
    )
    sooner_hk = PublishedEventFactory(
        city="Hong Kong", country="HK", starts_at=timezone.now() + timedelta(days=2)
    )
    online = OnlineEventFactory()
    assert selectors.nearest_action("HK") == sooner_hk != later_hk
    assert selectors.nearest_action("FR") == online


def test_counts_by_country_count_confirmed_attendees():
    london = PublishedEventFactory(city="London", country="GB")
    PastEventFactory(city="London", country="GB")
    ConfirmedAttendeeFactory(event=london)
    ConfirmedAttendeeFactory(event=london)
    PendingAttendeeFactory(event=london)
    SubmittedEventFactory(city="Berlin", country="DE")
    SubmittedEventFactory(city="London", country="GB")
    (row,), waiting = selectors.counts_by_country()
    assert row == {"country": "GB", "name": "United Kingdom", "upcoming": 1, "past": 1, "attendees": 2}
    assert waiting == 2
