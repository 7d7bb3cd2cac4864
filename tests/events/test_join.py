""" "I'll be there": one per address per action, the same answer whoever asks, counted
never named, leaving from any email, the reminder sent once in the attendee's language."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.forms import form_stamp
from core.rates import parse_rates
from events.models import Attendee
from tests.events.conftest import link_in, person, url
from tests.events.factories import (
    ConfirmedAttendeeFactory,
    PastEventFactory,
    PendingAttendeeFactory,
    PublishedEventFactory,
    SubmittedEventFactory,
)

pytestmark = pytest.mark.django_db


def join(send, event, language="en", **fields):
    data = person(**{"name": "Wong Siu Ming", "email": "wong@example.org", **fields})
    return send(url("events:join", language, slug=event.slug), data)


def test_the_action_page_links_to_the_form_which_has_its_own_page(client, django_assert_max_num_queries):
    event = PublishedEventFactory()
    assert url("events:join", slug=event.slug) in client.get(event.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(5):
        page = client.get(url("events:join", slug=event.slug))
    assert page.status_code == 200 and 'name="website"' in page.content.decode()


def test_only_a_published_upcoming_action_can_be_joined(client):
    assert client.get(url("events:join", slug=SubmittedEventFactory().slug)).status_code == 404
    past = PastEventFactory()
    assert client.get(url("events:join", slug=past.slug)).status_code == 302


def test_the_answer_is_the_same_whether_or_not_the_address_already_joined(send):
    event = PublishedEventFactory()
    ConfirmedAttendeeFactory(event=event, email="known@example.org")
    first = join(send, event, email="new@example.org")
    known = join(send, event, email="known@example.org")
    assert first.status_code == known.status_code == 302 and first.url == known.url
    assert first.cookies.keys() == known.cookies.keys()
    assert Attendee.objects.filter(event=event).count() == 2, "one per address"
    # Only the address's owner learns more, by email.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Please confirm" in by_address["new@example.org"].subject
    assert "already" in by_address["known@example.org"].subject


def test_the_same_address_in_other_case_is_the_same_attendee(send):
    event = PublishedEventFactory()
    join(send, event, email="Wong@Example.org")
    join(send, event, email="wong@example.org")
    assert Attendee.objects.filter(event=event).count() == 1


def test_the_public_page_counts_confirmed_attendees_and_names_none(client, django_assert_max_num_queries):
    event = PublishedEventFactory()
    ConfirmedAttendeeFactory.create_batch(3, event=event, name="Secret Name")
    PendingAttendeeFactory(event=event, name="Pending Person")
    with django_assert_max_num_queries(8):
        html = client.get(event.get_absolute_url()).content.decode()
    assert "3 people have said they will be there" in html
    assert "Secret Name" not in html and "Pending Person" not in html


def test_leaving_from_the_link_in_an_email(client, send):
    event = PublishedEventFactory()
    join(send, event)
    link = link_in(mail.outbox[-1], "join")
    assert client.get(link).status_code == 200
    send(link, {"action": "confirm"})
    send(link, {"action": "leave"})
    attendee = Attendee.objects.get()
    assert attendee.status == Attendee.Status.CANCELLED
    # Joining again starts over: a new confirmation.
    mail.outbox.clear()
    join(send, event)
    attendee.refresh_from_db()
    assert attendee.status == Attendee.Status.PENDING and "Please confirm" in mail.outbox[0].subject


def test_once_confirmed_the_attendee_page_counts_them_at_once(client, send):
    event = PublishedEventFactory()
    ConfirmedAttendeeFactory.create_batch(2, event=event)
    join(send, event)
    link = link_in(mail.outbox[-1], "join")
    send(link, {"action": "confirm"})
    assert "3 people have said they will be there" in client.get(link).content.decode()


def test_a_forged_or_foreign_link_finds_nothing(client):
    attendee = PendingAttendeeFactory()
    assert client.get(url("events:attendee", token="WzEsImFiYyJd:forged:sig")).status_code == 404
    from events.tokens import attendee_token

    token = attendee_token(attendee)
    attendee.delete()
    assert client.get(url("events:attendee", token=token)).status_code == 404


def test_the_attendee_page_is_private_and_within_its_budget(client, django_assert_max_num_queries):
    from events.tokens import attendee_token

    attendee = PendingAttendeeFactory()
    with django_assert_max_num_queries(5):
        response = client.get(url("events:attendee", token=attendee_token(attendee)))
    assert "no-store" in response["Cache-Control"]


def test_a_bot_is_answered_as_a_person_and_nothing_is_stored(send):
    event = PublishedEventFactory()
    response = join(send, event, website="x")
    fast = join(send, event, rendered=form_stamp(time.time()))
    assert response.status_code == fast.status_code == 302
    assert not Attendee.objects.exists() and mail.outbox == []


def test_many_joins_from_one_address_are_refused(send, settings):
    settings.EVENT_JOIN_RATE_PER_IP = parse_rates("2/h")
    event = PublishedEventFactory()
    for n in range(2):
        assert join(send, event, email=f"a{n}@example.org").status_code == 302
    assert join(send, event, email="c@example.org").status_code == 429


def test_a_stranger_cannot_flood_an_address_through_many_actions(send, settings):
    settings.EVENT_MAIL_PER_ADDRESS = parse_rates("3/h")
    for event in PublishedEventFactory.create_batch(5):
        join(send, event, email="victim@example.org")
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_confirmation_is_in_the_language_of_the_page(send, language):
    event = PublishedEventFactory()
    join(send, event, language)
    assert Attendee.objects.get().language == language
    assert mail.outbox[0].extra_headers["Content-Language"] == language
    assert f"/{language}/events/join/" in mail.outbox[0].body


def test_a_hong_kong_action_read_from_london_is_reminded_in_hong_kong_time(remind):
    hk = ZoneInfo("Asia/Hong_Kong")
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        event = PublishedEventFactory(
            city="Hong Kong", country="HK", starts_at=datetime(2026, 12, 5, 20, 0, tzinfo=hk), ends_at=None
        )
        ConfirmedAttendeeFactory(event=event, language="zh-hant")
    # 4 December, 21:00 in Hong Kong is 13:00 in London: within a day of the start.
    with time_machine.travel(datetime(2026, 12, 4, 13, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        assert remind() == 1
    (reminder,) = mail.outbox
    assert "Asia/Hong_Kong, UTC+8" in reminder.body
    assert "20:00" in reminder.body or "8:00" in reminder.body


def test_an_action_just_after_the_clocks_change_is_reminded_in_its_new_offset(remind):
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2027, 3, 20, 9, 0, tzinfo=london), tick=False):
        event = PublishedEventFactory(starts_at=datetime(2027, 3, 28, 14, 0, tzinfo=london), ends_at=None)
        ConfirmedAttendeeFactory(event=event)
    # The evening before, still in winter time (UTC+0); the action is in summer time (UTC+1).
    with time_machine.travel(datetime(2027, 3, 27, 20, 0, tzinfo=london), tick=False):
        assert remind() == 1
    assert "Europe/London, UTC+1" in mail.outbox[0].body
    assert "2 p.m." in mail.outbox[0].body


def test_no_reminder_for_a_pending_attendee_a_cancelled_action_or_one_who_just_joined(remind):
    soon = timezone.now() + timedelta(hours=10)
    PendingAttendeeFactory(event=PublishedEventFactory(starts_at=soon, ends_at=None))
    cancelled = PublishedEventFactory(starts_at=soon, ends_at=None)
    ConfirmedAttendeeFactory(event=cancelled, confirmed_at=timezone.now() - timedelta(days=3))
    cancelled.cancel()
    ConfirmedAttendeeFactory(event=PublishedEventFactory(starts_at=soon, ends_at=None))
    assert remind() == 0
    assert mail.outbox == []
