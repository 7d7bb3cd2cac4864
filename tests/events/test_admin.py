"""Actions in the admin: the roles, moderation with its emails, times typed in the action's zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event
from tests.events.factories import (
    ConfirmedAttendeeFactory,
    LocalGroupFactory,
    PublishedEventFactory,
    SubmittedEventFactory,
)
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def organiser(client):
    client.force_login(StaffUserFactory(username="organiser", groups=["Organisers"]))
    return client


@pytest.fixture
def editor(client):
    client.force_login(StaffUserFactory(username="editor", groups=["Editors"]))
    return client


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def form_data(event, **changes):
    local = event.local_start
    data = {
        "title_en": event.title_en,
        "title_zh_hant": event.title_zh_hant or "",
        "title_zh_hans": "",
        "kind": event.kind,
        "description_en": event.description_en,
        "contact_choice": event.contact_choice,
        "slug": event.slug,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "city": event.city,
        "country": event.country.code,
        "time_zone": event.time_zone,
        "moderation_message": "",
        "submitter_name": event.submitter_name,
        "submitter_email": event.submitter_email,
        "submitter_language": event.submitter_language,
        "_continue": "1",
    }
    data.update(changes)
    return data


@pytest.fixture
def post(organiser, django_capture_on_commit_callbacks):
    """An organiser's POST, with the emails it queues sent when it commits."""

    def posted(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return organiser.post(url, data)

    return posted


def test_an_organiser_publishes_and_the_submitter_is_told_in_their_language(organiser, post):
    event = SubmittedEventFactory(submitter_language="zh-hant", submitter_email="sub@example.org")
    page = organiser.get(change_url(event)).content.decode()
    assert 'name="_publish"' in page and "sub@example.org" in page
    response = post(change_url(event), form_data(event, _publish="1"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.published_at
    (email,) = mail.outbox
    assert email.to == ["sub@example.org"] and email.extra_headers["Content-Language"] == "zh-hant"
    assert event.get_absolute_url().replace("/en/", "/zh-hant/") in email.body


@pytest.mark.parametrize(("button", "status"), [("_request_changes", "changes"), ("_reject", "rejected")])
def test_asking_for_changes_or_rejecting_sends_the_organisers_message(post, button, status):
    event = SubmittedEventFactory(submitter_language="zh-hans")
    post(change_url(event), form_data(event, moderation_message="請寫上地址。", **{button: "1"}))
    event.refresh_from_db()
    assert event.status == status
    (email,) = mail.outbox
    assert "請寫上地址。" in email.body and email.extra_headers["Content-Language"] == "zh-hans"


def test_no_message_no_rejection(post):
    event = SubmittedEventFactory()
    post(change_url(event), form_data(event, _reject="1"))
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED and not mail.outbox


def test_times_are_typed_in_the_actions_own_zone(organiser):
    event = SubmittedEventFactory(city="Hong Kong", country="HK")
    data = form_data(event, starts_at_0="2030-06-04", starts_at_1="20:00:00")
    assert organiser.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 6, 4, 20, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))
    assert 'value="20:00:00"' in organiser.get(change_url(event)).content.decode()


def test_coordinates_and_zone_set_by_hand_are_kept(organiser):
    event = SubmittedEventFactory(city="Hong Kong", country="HK")
    data = form_data(
        event,
        city="Lamma Island",
        location_manual="on",
        latitude="22.2",
        longitude="114.12",
        time_zone="Asia/Hong_Kong",
    )
    assert organiser.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (str(event.latitude), str(event.longitude), event.city) == (
        "22.20000",
        "114.12000",
        "Lamma Island",
    )


def test_editors_see_no_submitter_no_attendees_and_cannot_moderate(editor):
    event = SubmittedEventFactory(submitter_email="sub@example.org", submitter_name="Chan Tai Man")
    ConfirmedAttendeeFactory(event=event, email="att@example.org")
    page = editor.get(change_url(event)).content.decode()
    assert "sub@example.org" not in page and "Chan Tai Man" not in page
    assert 'name="_publish"' not in page
    editor.post(change_url(event), form_data(event, _publish="1"))
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED
    assert editor.get(reverse("admin:events_attendee_changelist")).status_code == 403
    listing = editor.get(reverse("admin:events_event_changelist")).content.decode()
    assert "going" not in listing.lower()


def test_editors_do_not_see_a_groups_relay_address(editor):
    group = LocalGroupFactory(contact_email="group@example.org")
    page = editor.get(reverse("admin:events_localgroup_change", args=[group.pk])).content.decode()
    assert "group@example.org" not in page


def test_an_organiser_sets_the_language_a_group_reads(organiser):
    group = LocalGroupFactory()
    page = organiser.get(reverse("admin:events_localgroup_change", args=[group.pk])).content.decode()
    assert 'name="language"' in page
    LocalGroup = type(group)
    assert [code for code, _name in LocalGroup._meta.get_field("language").choices] == [
        "en",
        "zh-hant",
        "zh-hans",
    ]


def test_organisers_see_who_is_coming(organiser):
    event = PublishedEventFactory()
    ConfirmedAttendeeFactory(event=event, email="att@example.org", name="Lee Ka Yan")
    listing = organiser.get(reverse("admin:events_attendee_changelist")).content.decode()
    assert "att@example.org" in listing and "Lee Ka Yan" in listing


def test_an_action_added_by_staff_waits_to_be_published(organiser):
    data = {
        "title_en": "Vigil",
        "kind": "protest",
        "contact_choice": "none",
        "starts_at_0": "2030-06-04",
        "starts_at_1": "20:00:00",
        "city": "London",
        "country": "GB",
        "submitter_language": "en",
        "_save": "1",
    }
    response = organiser.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(title_en="Vigil")
    assert event.status == Event.Status.SUBMITTED and event.time_zone == "Europe/London"
    assert event.starts_at == datetime(2030, 6, 4, 19, 0, tzinfo=ZoneInfo("UTC"))
