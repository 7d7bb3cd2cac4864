"""Submitting an action: time zones, the honeypot and fill time, rate limits, the manage
link (edit, resubmit, cancel), a mail server that hangs, three languages, query budgets."""

import smtplib
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core import mail
from django.utils import timezone

from core.forms import form_stamp
from core.rates import parse_rates
from events import services
from events.admin import EventAdmin
from events.models import Attendee, Event
from tests.events.conftest import link_in, url
from tests.events.factories import ConfirmedAttendeeFactory, PublishedEventFactory
from tests.events.test_submit_flow import action

pytestmark = pytest.mark.django_db

HK = ZoneInfo("Asia/Hong_Kong")
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def early_december():
    """The dates typed in the forms are in the future."""
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)):
        yield


def submit_and_get_link(send, language="en", **fields):
    send(url("events:submit", language), action(**fields))
    return Event.objects.latest("pk"), link_in(mail.outbox[-1], "manage")


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_form_and_the_confirmation_email_speak_the_reader_language(client, send, language):
    page = client.get(url("events:submit", language))
    assert page.status_code == 200 and 'name="website"' in page.content.decode()
    event, _link = submit_and_get_link(send, language)
    assert event.submitter_language == language
    assert mail.outbox[-1].extra_headers["Content-Language"] == language
    if language != "en":
        assert "Please confirm" not in mail.outbox[-1].subject


def test_a_time_chosen_by_hand_wins_over_the_city_zone(send):
    event, _ = submit_and_get_link(send, time_zone="Europe/London", starts_at="2027-03-27T14:00", ends_at="")
    assert event.time_zone == "Europe/London" and event.location_manual
    assert event.latitude is not None, "the city's coordinates are kept"
    assert event.starts_at == datetime(2027, 3, 27, 14, 0, tzinfo=LONDON)


def test_across_the_change_to_summer_time_the_local_time_is_kept(send):
    # London moves to UTC+1 on 28 March 2027: 14:00 local is 14:00 UTC before, 13:00 UTC after.
    before, _ = submit_and_get_link(
        send, city="London", country="GB", starts_at="2027-03-27T14:00", ends_at=""
    )
    after, _ = submit_and_get_link(
        send, city="London", country="GB", email="b@example.org", starts_at="2027-03-28T14:00", ends_at=""
    )
    assert before.starts_at.astimezone(ZoneInfo("UTC")).hour == 14 and before.utc_offset == "UTC+0"
    assert after.starts_at.astimezone(ZoneInfo("UTC")).hour == 13 and after.utc_offset == "UTC+1"


def test_an_online_action_needs_a_zone_and_a_link(client):
    response = client.post(url("events:submit"), action(kind="online", city="", country="", time_zone=""))
    assert response.status_code == 200 and not Event.objects.exists()
    errors = response.context["form"].errors
    assert "time_zone" in errors and "online_url" in errors


def test_a_city_the_list_does_not_know_asks_for_the_zone(client):
    response = client.post(url("events:submit"), action(city="Nowhereville", country="GB"))
    assert "time_zone" in response.context["form"].errors


def test_a_time_in_the_past_is_refused(client):
    response = client.post(url("events:submit"), action(starts_at="2020-01-01T10:00", ends_at=""))
    assert "starts_at" in response.context["form"].errors


def test_a_bot_is_answered_as_a_person_and_nothing_is_stored(client, send):
    filled = send(url("events:submit"), action(website="http://spam.example"))
    fast = send(url("events:submit"), action(rendered=form_stamp(time.time())))
    assert filled.status_code == fast.status_code == 302 and filled.url == fast.url == url("events:submitted")
    assert not Event.objects.exists() and mail.outbox == []


def test_too_many_submissions_from_one_address_are_refused(client, send, settings):
    settings.EVENT_SUBMIT_RATE_PER_IP = parse_rates("2/h")
    for n in range(2):
        assert send(url("events:submit"), action(email=f"a{n}@example.org")).status_code == 302
    refused = send(url("events:submit"), action(email="c@example.org"))
    assert refused.status_code == 429 and Event.objects.count() == 2


def test_one_address_typed_again_and_again_gets_few_emails(send, settings):
    settings.EVENT_MAIL_PER_ADDRESS = parse_rates("2/h")
    for _ in range(4):
        send(url("events:submit"), action())
    assert len(mail.outbox) == 2


def test_a_mail_server_that_fails_does_not_fail_the_submission(send, settings, monkeypatch):
    def hang(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("timed out")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", hang)
    response = send(url("events:submit"), action())
    assert response.status_code == 302 and Event.objects.count() == 1


def test_a_wrong_manage_link_finds_nothing(client):
    assert client.get(url("events:manage", token="not-a-token")).status_code == 404


def test_the_manage_page_is_private_and_within_its_query_budget(client, send, django_assert_max_num_queries):
    _event, link = submit_and_get_link(send)
    with django_assert_max_num_queries(8):
        response = client.get(link)
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"


def test_before_publication_everything_can_be_edited_and_a_change_request_goes_back(client, send):
    event, link = submit_and_get_link(send)
    send(link, {"action": "confirm"})
    event.refresh_from_db()
    assert services.event_request_changes(event=event, message="Please add the venue's address.")
    send(link, {**action(address="1 Harcourt Road"), "action": "save"})
    event.refresh_from_db()
    assert event.address == "1 Harcourt Road" and event.status == Event.Status.SUBMITTED
    assert event.submitter_email == "chan@example.org", "the address is not changed by an edit"


def test_once_published_only_the_times_change_and_attendees_are_told(client, send):
    event, link = submit_and_get_link(send)
    send(link, {"action": "confirm"})
    event.refresh_from_db()
    services.event_publish(event=event)
    going = ConfirmedAttendeeFactory(event=event, language="zh-hant")
    mail.outbox.clear()
    send(link, {**action(title="Spam now", starts_at="2026-12-13T19:30", ends_at=""), "action": "save"})
    event.refresh_from_db()
    assert event.title == "Candlelight vigil for Jimmy Lai", "the title is not editable once published"
    assert event.starts_at == datetime(2026, 12, 13, 19, 30, tzinfo=HK)
    (notice,) = mail.outbox
    assert notice.to == [going.email] and notice.extra_headers["Content-Language"] == "zh-hant"
    assert "Asia/Hong_Kong" in notice.body


@time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)
def test_cancelling_tells_confirmed_attendees_only(client, send):
    event = PublishedEventFactory()
    token = event.new_manage_token()
    event.save()
    confirmed = ConfirmedAttendeeFactory(event=event)
    Attendee.objects.create(event=event, name="P", email="pending@example.org")
    send(url("events:manage", token=token), {"action": "cancel"})
    event.refresh_from_db()
    assert event.is_cancelled
    assert [message.to for message in mail.outbox] == [[confirmed.email]]
    assert "Cancelled" in mail.outbox[0].subject


def test_an_organiser_changing_the_time_in_the_admin_tells_attendees(
    rf, admin_user, django_capture_on_commit_callbacks
):
    event = PublishedEventFactory()
    going = ConfirmedAttendeeFactory(event=event, reminder_sent_at=timezone.now())
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    mail.outbox.clear()
    request = rf.post("/")
    request.user = admin_user
    with django_capture_on_commit_callbacks(execute=True):
        EventAdmin(Event, admin.site).save_model(request, event, form=None, change=True)
    going.refresh_from_db()
    assert going.reminder_sent_at is None, "the reminder goes again before the new time"
    assert [message.to for message in mail.outbox] == [[going.email]]


def test_an_action_written_in_chinese_shows_on_every_language_page(client, send):
    event, link = submit_and_get_link(send, "zh-hant", title="為黎智英燭光悼念")
    assert event.title_zh_hant == "為黎智英燭光悼念"
    send(link, {"action": "confirm"})
    event.refresh_from_db()
    services.event_publish(event=event)
    for language in ("en", "zh-hant", "zh-hans"):
        page = client.get(url("events:detail", language, slug=event.slug)).content.decode()
        assert "燭光" in page or "烛光" in page


def test_the_submit_page_keeps_within_its_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(url("events:submit", "zh-hans")).status_code == 200
