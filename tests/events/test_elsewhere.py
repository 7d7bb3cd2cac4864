"""Actions where the rest of the site shows them: the home page, "What you can do", the
thank-you page after signing, the dashboard, the sitemap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petition.views import thanks_note
from tests.events.factories import OnlineEventFactory, PublishedEventFactory, SubmittedEventFactory
from tests.factories import ConfirmedSignatureFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_next_actions(client, petition):
    soon = PublishedEventFactory(starts_at=timezone.now() + timedelta(days=1))
    later = [PublishedEventFactory(starts_at=timezone.now() + timedelta(days=10 + n)) for n in range(3)]
    SubmittedEventFactory(title_en="Waiting for moderation")
    html = client.get("/en/").content.decode()
    assert soon.title_en in html and later[1].title_en in html
    assert later[2].title_en not in html  # three at most
    assert "Waiting for moderation" not in html
    assert 'href="/en/events/"' in html


def test_what_you_can_do_links_to_actions_and_groups(client):
    event = PublishedEventFactory()
    html = client.get("/en/what-you-can-do/").content.decode()
    assert event.get_absolute_url() in html and 'href="/en/groups/"' in html
    assert "London, United Kingdom" in html  # the map's list of places


def test_the_thank_you_page_suggests_an_action_in_the_signers_country(client, petition):
    PublishedEventFactory(title_en="In London", city="London", country="GB")
    PublishedEventFactory(title_en="In Hong Kong", city="Hong Kong", country="HK")
    OnlineEventFactory(title_en="Online one")
    note = thanks_note(ConfirmedSignatureFactory(petition=petition, country="GB"))
    html = client.get("/en/petition/thank-you/", {"confirmed": note}).content.decode()
    assert "In London" in html and "In Hong Kong" not in html and "Online one" not in html


def test_the_thank_you_page_suggests_an_online_action_where_there_is_none(client, petition):
    PublishedEventFactory(title_en="In London", city="London", country="GB")
    OnlineEventFactory(title_en="Online one")
    note = thanks_note(ConfirmedSignatureFactory(petition=petition, country="FR"))
    html = client.get("/en/petition/thank-you/", {"confirmed": note}).content.decode()
    assert "Online one" in html and "In London" not in html


def test_the_dashboard_counts_actions_by_country(client, settings, petition):
    settings.AXES_ENABLED = False
    PublishedEventFactory(city="Berlin", country="DE")
    SubmittedEventFactory()
    client.force_login(StaffUserFactory(username="organiser", groups=["Organisers"]))
    html = client.get("/admin/dashboard/petitionstats/").content.decode()
    assert "Actions by country" in html and "Germany" in html
    assert "1 submitted action waits for moderation" in html


def test_the_sitemap_lists_published_actions_and_groups(client):
    event = PublishedEventFactory()
    hidden = SubmittedEventFactory()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/zh-hant/events/{event.slug}/" in xml and hidden.slug not in xml
    assert f"/en/groups/{event.group.slug}/" in xml if event.group else "/en/groups/" in xml
