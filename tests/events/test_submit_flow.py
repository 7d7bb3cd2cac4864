"""An action's whole life through the supporters' forms: submitted without an account,
confirmed by email, moderated, published, joined, confirmed, reminded the day before."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from events import services
from events.models import Attendee, Event
from tests.events.conftest import link_in, person, url

pytestmark = pytest.mark.django_db

HK = ZoneInfo("Asia/Hong_Kong")
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def early_december():
    """The dates typed in the forms are in the future."""
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)):
        yield


def action(**fields):
    return person(
        **{
            "title": "Candlelight vigil for Jimmy Lai",
            "kind": "protest",
            "description": "Bring candles.\n\n<b>No flags</b> please.",
            "starts_at": "2026-12-12T19:30",
            "ends_at": "2026-12-12T21:00",
            "time_zone": "",
            "venue": "Tamar Park",
            "city": "Hong Kong",
            "country": "HK",
            "contact_choice": "relay",
            "name": "Chan Tai Man",
            "email": "chan@example.org",
            **fields,
        }
    )


@time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)
def test_submit_confirm_moderate_publish_join_confirm_and_remind(client, send, remind):
    # Submitted from London, for Hong Kong: the times typed are Hong Kong's.
    response = send(url("events:submit"), action())
    assert response.status_code == 302 and response.url == url("events:submitted")
    event = Event.objects.get()
    assert event.status == Event.Status.UNCONFIRMED
    assert event.time_zone == "Asia/Hong_Kong"
    assert event.starts_at == datetime(2026, 12, 12, 19, 30, tzinfo=HK)
    assert "<b>" not in event.description and "&lt;b&gt;" in event.description
    assert event.submitter_name == "Chan Tai Man" and event.submitter_email == "chan@example.org"

    # The email to an unconfirmed address carries no word the submitter typed.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["chan@example.org"]
    assert "Candlelight" not in confirmation.body and "Chan Tai Man" not in confirmation.body
    manage = link_in(confirmation, "manage")
    token = manage.rstrip("/").rsplit("/", 1)[1]
    assert token not in event.manage_token_hash
    event.refresh_from_db()
    assert Event.by_manage_token(token) == event, "the token is kept as a hash"

    # The link shows a button; opening it changes nothing (mail scanners follow links).
    assert client.get(manage).status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.UNCONFIRMED
    send(manage, {"action": "confirm"})
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED

    # Not public until an Organiser publishes it.
    assert client.get(event.get_absolute_url()).status_code == 404
    assert services.event_publish(event=event)
    assert client.get(event.get_absolute_url()).status_code == 200

    # "I'll be there", then the confirmation link.
    mail.outbox.clear()
    send(url("events:join", slug=event.slug), person(name="Wong Siu Ming", email="wong@example.org"))
    (join_email,) = mail.outbox
    assert "Wong Siu Ming" not in join_email.body
    assert "Asia/Hong_Kong" in join_email.body and "UTC+8" in join_email.body
    attendee_link = link_in(join_email, "join")
    attendee = Attendee.objects.get()
    assert attendee.status == Attendee.Status.PENDING
    send(attendee_link, {"action": "confirm"})
    attendee.refresh_from_db()
    assert attendee.status == Attendee.Status.CONFIRMED
    page = client.get(event.get_absolute_url()).content.decode()
    assert "1 person has said they will be there" in page and "Wong" not in page

    # The organiser's manage page lists the name, never the address.
    manage_page = client.get(manage).content.decode()
    assert "Wong Siu Ming" in manage_page and "wong@example.org" not in manage_page

    # The reminder: not yet two days before, once the day before, never twice.
    mail.outbox.clear()
    remind()
    assert mail.outbox == []
    with time_machine.travel(datetime(2026, 12, 11, 20, 0, tzinfo=HK), tick=False):
        assert remind() == 1
        assert remind() == 0
    (reminder,) = mail.outbox
    assert reminder.to == ["wong@example.org"]
    assert "Dec. 12, 2026, 7:30 p.m." in reminder.body and "Asia/Hong_Kong" in reminder.body
    assert "/events/join/" in reminder.body, "the link to leave is in every email"


def test_the_reminder_comes_in_the_attendee_language_with_the_local_time(send, remind):
    event = services.event_submit(data=_data(), ip="192.0.2.1", language="en")
    event.confirm_email()
    services.event_publish(event=event)
    for language, address in [("zh-hant", "hant@example.org"), ("zh-hans", "hans@example.org")]:
        send(url("events:join", language, slug=event.slug), person(name="Lee", email=address))
        attendee = Attendee.objects.get(email_hash=services.email_hash(address))
        assert attendee.language == language
        attendee.confirm()
    mail.outbox.clear()
    with time_machine.travel(event.starts_at - timedelta(hours=3), tick=False):
        assert remind() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["hant@example.org"].extra_headers["Content-Language"] == "zh-hant"
    assert "明天" in by_address["hant@example.org"].subject
    assert "明天" in by_address["hans@example.org"].subject
    assert all("Asia/Hong_Kong" in message.body for message in mail.outbox)


def _data(**fields):
    from events.forms import EventSubmitForm

    form = EventSubmitForm(action(**fields))
    assert form.is_valid(), form.errors
    return form.cleaned_data
