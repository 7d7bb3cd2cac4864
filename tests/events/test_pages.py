"""The events and groups pages for readers, in every language, with query budgets."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.models import SiteSettings
from events.models import Event
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


@pytest.fixture
def many_events():
    SiteSettings.get_solo()
    group = LocalGroupFactory(name_en="London Hong Kong Solidarity")
    events = [
        PublishedEventFactory(group=group, starts_at=timezone.now() + timedelta(days=n + 1)) for n in range(8)
    ]
    events += [PublishedEventFactory(city="Hong Kong", country="HK") for _ in range(3)]
    events += [OnlineEventFactory(), PastEventFactory(), PastEventFactory(city="Taipei", country="TW")]
    return events


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_the_list_shows_upcoming_first_then_the_archive(client, many_events):
    SubmittedEventFactory(title_en="Not yet moderated")
    html = client.get(url("events:list")).content.decode()
    assert "Not yet moderated" not in html
    upcoming, archive = html.split('id="archive-title"')
    assert many_events[0].title_en in upcoming
    assert many_events[-1].title_en in archive and many_events[-1].title_en not in upcoming


def test_the_list_filters_by_country_city_and_online(client, many_events):
    hk = client.get(url("events:list") + "?country=HK").content.decode().split('id="archive-title"')[0]
    assert many_events[8].title_en in hk and many_events[0].title_en not in hk
    city = client.get(url("events:list") + "?city=hong+kong").content.decode()
    assert many_events[9].title_en in city and many_events[1].title_en not in city
    online = client.get(url("events:list") + "?online=1").content.decode()
    assert many_events[11].title_en in online and many_events[0].title_en not in online
    assert client.get(url("events:list") + "?country=XX").status_code == 200


def test_every_page_is_public_and_cacheable(client, many_events, language):
    event, group = many_events[0], many_events[0].group
    pages = [
        url("events:list", language),
        url("events:detail", language, slug=event.slug),
        url("groups:list", language),
        url("groups:detail", language, slug=group.slug),
        url("events:list", language) + "?country=GB",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "public" in response["Cache-Control"], page
        assert not response.cookies, page


@pytest.mark.parametrize(
    ("name", "budget"),
    [("events:list", 8), ("events:detail", 6), ("groups:list", 6), ("groups:detail", 6), ("events:feed", 3)],
)
def test_pages_need_a_fixed_number_of_queries(
    client, many_events, django_assert_max_num_queries, name, budget
):
    kwargs = {}
    if name == "events:detail":
        kwargs = {"slug": many_events[0].slug}
    elif name == "groups:detail":
        kwargs = {"slug": many_events[0].group.slug}
    client.get(url(name, **kwargs))  # warm the site settings' cache
    with django_assert_max_num_queries(budget):
        assert client.get(url(name, **kwargs)).status_code == 200


def test_the_json_list_needs_a_fixed_number_of_queries(client, many_events, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        data = client.get("/api/events.json").json()
    assert len(data["events"]) == 12
    assert all(item["status"] == "published" for item in data["events"])


def test_an_action_page_prints_its_own_zone_and_offset(client):
    event = PublishedEventFactory(
        city="Hong Kong",
        country="HK",
        starts_at=datetime(2030, 6, 4, 20, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
        ends_at=datetime(2030, 6, 4, 22, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Asia/Hong_Kong, UTC+8" in html
    assert "8 p.m." in html or "20:00" in html
    assert 'datetime="2030-06-04T12:00:00+00:00"' in html
    assert "js/events." in html


def test_an_action_page_counts_confirmed_attendees_and_names_none(client):
    event = PublishedEventFactory()
    ConfirmedAttendeeFactory(event=event, name="Wong Siu Ming")
    ConfirmedAttendeeFactory(event=event, name="Lee Ka Yan")
    PendingAttendeeFactory(event=event, name="Not Yet Confirmed")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "2 people have said they will be there" in html
    for name in (
        "Wong Siu Ming",
        "Lee Ka Yan",
        "Not Yet Confirmed",
        event.submitter_name,
        event.submitter_email,
    ):
        assert name not in html


def test_share_links_carry_via_and_the_calendar_file_is_offered(client):
    event = PublishedEventFactory()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "via%3Dwhatsapp" in html or "via=whatsapp" in html
    assert url("events:ics", slug=event.slug) in html


@pytest.mark.parametrize("status", [Event.Status.UNCONFIRMED, Event.Status.SUBMITTED, Event.Status.REJECTED])
def test_unpublished_actions_have_no_page(client, status):
    event = SubmittedEventFactory(status=status)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(url("events:ics", slug=event.slug)).status_code == 404


def test_a_cancelled_action_keeps_its_page_marked_cancelled(client):
    event = PublishedEventFactory()
    event.cancel()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "cancelled" in html
    assert event.title_en not in client.get(url("events:list")).content.decode()


def test_a_groups_page_lists_its_upcoming_actions(client):
    group = LocalGroupFactory()
    mine = PublishedEventFactory(group=group)
    other = PublishedEventFactory()
    html = client.get(group.get_absolute_url()).content.decode()
    assert mine.title_en in html and other.title_en not in html
    assert group.contact_email not in html


def test_unpublished_groups_are_not_shown(client):
    group = LocalGroupFactory(is_published=False)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert str(group.name_en) not in client.get(url("groups:list")).content.decode()


def test_a_chinese_page_shows_the_chinese_title_and_marks_latin_city_names(client):
    event = PublishedEventFactory(title_zh_hant="倫敦聲援香港集會", title_zh_hans="")
    html = client.get(url("events:detail", "zh-hans", slug=event.slug)).content.decode()
    assert "伦敦声援香港集会" in html  # converted from the Traditional title
    assert '<span lang="en">London</span>' in html


def test_photos_in_the_archive_carry_their_dimensions(client, settings, tmp_path):
    from articles.demo import abstract_image

    settings.MEDIA_ROOT = tmp_path
    event = PastEventFactory(photo=abstract_image("test"), photo_alt_en="Shapes")
    assert (event.photo_width, event.photo_height) == (1200, 630)
    for page in (url("events:list"), event.get_absolute_url()):
        html = client.get(page).content.decode()
        assert 'width="1200" height="630" alt="Shapes"' in html, page


def test_the_groups_page_draws_one_marker_per_group_city_named_by_the_list(client):
    for name in ("London Hong Kong Solidarity", "Students for Hong Kong"):
        LocalGroupFactory(name_en=name, city="London", country="GB")
    LocalGroupFactory(name_en="Berlin Solidarity", city="Berlin", country="DE")
    LocalGroupFactory(name_en="Hidden", city="Paris", country="FR", is_published=False)
    html = client.get(url("groups:list")).content.decode()
    markers = re.findall(r'class="action-map-group" aria-labelledby="([^"]+)"', html)
    assert len(markers) == 2, "London and Berlin; an unpublished group is not drawn"
    names = [
        re.search(rf'<li id="{ref}">(.*?)</li>', html, re.S).group(1)
        for ids in markers
        for ref in ids.split()
    ]
    assert sorted(re.sub(r"<[^>]+>", "", n).strip() for n in names) == [
        "Berlin Solidarity",
        "London Hong Kong Solidarity",
        "Students for Hong Kong",
    ]


def test_public_pages_never_decrypt_a_submitters_or_a_groups_private_data(client, monkeypatch):
    """Submitters' names and addresses and groups' addresses are sealed and never shown:
    the public pages do not even load them (a lost key, or a bug, cannot put them on a page)."""
    group = LocalGroupFactory(contact_email="secret-group@example.org")
    event = PublishedEventFactory(submitter_name="Lee Ka Yan", submitter_email="lee@example.org", group=group)

    def refuse(value):
        raise AssertionError("a public page decrypted private data")

    monkeypatch.setattr("core.crypto.decrypt", refuse)
    for path in (
        "/en/",
        "/zh-hant/events/",
        event.get_absolute_url(),
        f"/en/events/{event.slug}/calendar.ics",
        "/en/events/feed.ics",
        "/api/events.json",
        "/en/groups/",
        group.get_absolute_url(),
    ):
        assert client.get(path).status_code == 200, path
