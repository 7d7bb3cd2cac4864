"""The "add to calendar" file and the feed of upcoming actions parse back with the right times."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.events.factories import (
    OnlineEventFactory,
    PastEventFactory,
    PublishedEventFactory,
    SubmittedEventFactory,
)

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_a_hong_kong_action_parses_back_at_its_instant(client):
    event = PublishedEventFactory(
        city="Hong Kong",
        country="HK",
        starts_at=datetime(2030, 6, 4, 20, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
        ends_at=datetime(2030, 6, 4, 22, 30, tzinfo=ZoneInfo("Asia/Hong_Kong")),
    )
    calendar = parse(client.get(reverse("events:ics", kwargs={"slug": event.slug})))
    (item,) = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == datetime(2030, 6, 4, 12, 0, tzinfo=UTC)
    assert item.decoded("dtend") == datetime(2030, 6, 4, 14, 30, tzinfo=UTC)
    # Read from London in summer: 1 p.m.
    assert item.decoded("dtstart").astimezone(ZoneInfo("Europe/London")).hour == 13
    assert str(item["summary"]) == event.title_en
    assert event.get_absolute_url() in str(item["url"])
    assert "Asia/Hong_Kong" in str(item["description"])


def test_times_across_a_daylight_saving_change_parse_back(client):
    # New York's clocks go back on 3 November 2030, between these two.
    before = PublishedEventFactory(
        city="New York City",
        country="US",
        starts_at=datetime(2030, 11, 2, 18, 0, tzinfo=ZoneInfo("America/New_York")),
    )
    after = PublishedEventFactory(
        city="New York City",
        country="US",
        starts_at=datetime(2030, 11, 4, 18, 0, tzinfo=ZoneInfo("America/New_York")),
    )
    assert before.time_zone == "America/New_York"
    with translation.override("en"):
        calendar = parse(client.get(reverse("events:feed")))
    starts = {str(item["uid"]): item.decoded("dtstart") for item in calendar.walk("VEVENT")}
    assert datetime(2030, 11, 2, 22, 0, tzinfo=UTC) in starts.values()
    assert datetime(2030, 11, 4, 23, 0, tzinfo=UTC) in starts.values()
    assert before.utc_offset == "UTC−4" and after.utc_offset == "UTC−5"


def test_the_feed_holds_upcoming_published_actions_only(client):
    upcoming = PublishedEventFactory()
    online = OnlineEventFactory()
    PastEventFactory()
    SubmittedEventFactory()
    calendar = parse(client.get(reverse("events:feed")))
    summaries = {str(item["summary"]) for item in calendar.walk("VEVENT")}
    assert summaries == {upcoming.title_en, online.title_en}


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_feed_speaks_the_readers_language(client, language):
    event = PublishedEventFactory(title_zh_hant="香港集會", title_zh_hans="")
    with translation.override(language):
        calendar = parse(client.get(reverse("events:feed")))
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == ("香港集會" if language == "zh-hant" else "香港集会")
    assert f"/{language}/events/{event.slug}/" in str(item["url"])


def test_a_cancelled_action_says_so_in_its_file(client):
    event = PublishedEventFactory(starts_at=datetime.now(UTC) + timedelta(days=3))
    event.cancel()
    (item,) = parse(client.get(reverse("events:ics", kwargs={"slug": event.slug}))).walk("VEVENT")
    assert str(item["status"]) == "CANCELLED"
