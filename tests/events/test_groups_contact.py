""" "Contact this group" and "contact the organiser" relay a message without revealing
any address; "start a group" writes to the Organisers. Neither is a spam cannon."""

import re
import smtplib
import time
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from core.forms import form_stamp
from core.rates import parse_rates
from events.models import RelayedMessage
from events.tasks import relay_message
from tests.events.conftest import person, url
from tests.events.factories import LocalGroupFactory, PublishedEventFactory

pytestmark = pytest.mark.django_db


def message(**fields):
    return person(
        **{
            "name": "Lee Ka Yan",
            "email": "lee@example.org",
            "share_email": "",
            "message": "Hello, <b>I would like to help</b> at your next stall.",
            **fields,
        }
    )


def test_the_group_page_links_to_the_form_and_never_shows_the_address(client, django_assert_max_num_queries):
    group = LocalGroupFactory(contact_email="secret-group@example.org")
    html = client.get(group.get_absolute_url()).content.decode()
    assert url("groups:contact", slug=group.slug) in html and "secret-group" not in html
    with django_assert_max_num_queries(5):
        form = client.get(url("groups:contact", slug=group.slug)).content.decode()
    assert "secret-group" not in form and 'name="website"' in form


def test_a_group_without_an_address_has_no_form(client):
    group = LocalGroupFactory(contact_email="")
    assert client.get(url("groups:contact", slug=group.slug)).status_code == 404


def test_the_message_reaches_the_group_framed_as_plain_text_without_the_sender_address(send, settings):
    group = LocalGroupFactory(contact_email="secret-group@example.org")
    response = send(url("groups:contact", slug=group.slug), message())
    assert response.status_code == 302
    assert "secret-group" not in response.url
    (relayed,) = mail.outbox
    assert relayed.to == ["secret-group@example.org"]
    assert relayed.reply_to == [] and "lee@example.org" not in relayed.body
    assert "we have not checked" in relayed.body, "our own words frame the message"
    assert "I would like to help" in relayed.body
    html = relayed.alternatives[0].content
    assert "<b>I would" not in html and "&lt;b&gt;" in html, "no HTML from the sender"
    assert parseaddr(relayed.from_email)[1] == parseaddr(settings.DEFAULT_FROM_EMAIL)[1], "from the site"


def test_the_sender_address_is_given_only_with_their_consent(send):
    group = LocalGroupFactory()
    send(url("groups:contact", slug=group.slug), message(share_email="on"))
    (relayed,) = mail.outbox
    assert relayed.reply_to == ["lee@example.org"] and "lee@example.org" in relayed.body


def test_nothing_is_sent_back_to_the_sender(send):
    group = LocalGroupFactory()
    send(url("groups:contact", slug=group.slug), message(share_email="on"))
    assert [m.to for m in mail.outbox] == [[group.contact_email]]


def test_limits_per_sender_and_per_group(send, settings):
    settings.RELAY_RATE_PER_IP = parse_rates("2/h")
    settings.RELAY_RATE_PER_TARGET = parse_rates("100/h")
    group = LocalGroupFactory()
    assert [send(url("groups:contact", slug=group.slug), message()).status_code for _ in range(3)] == [
        302,
        302,
        429,
    ]
    settings.RELAY_RATE_PER_IP = parse_rates("100/h")
    settings.RELAY_RATE_PER_TARGET = parse_rates("1/h")
    other = LocalGroupFactory()
    statuses = [
        send(url("groups:contact", slug=other.slug), message(), REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(2)
    ]
    assert statuses == [302, 429], "many senders together cannot flood one group"


def test_a_bot_learns_nothing_and_sends_nothing(send):
    group = LocalGroupFactory()
    assert send(url("groups:contact", slug=group.slug), message(website="x")).status_code == 302
    send(url("groups:contact", slug=group.slug), message(rendered=form_stamp(time.time())))
    assert mail.outbox == []


def test_a_hanging_mail_server_does_not_hold_the_sender(send, monkeypatch):
    def hang(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("timed out")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", hang)
    group = LocalGroupFactory()
    assert send(url("groups:contact", slug=group.slug), message()).status_code == 302


def test_the_organiser_of_an_action_is_reached_only_if_they_chose_the_form(client, send):
    quiet = PublishedEventFactory(contact_choice="none")
    assert client.get(url("events:contact", slug=quiet.slug)).status_code == 404
    reachable = PublishedEventFactory(contact_choice="relay", submitter_language="zh-hans")
    assert (
        url("events:contact", slug=reachable.slug)
        in client.get(reachable.get_absolute_url()).content.decode()
    )
    send(url("events:contact", slug=reachable.slug), message())
    (relayed,) = mail.outbox
    assert relayed.to == [reachable.submitter_email]
    assert relayed.extra_headers["Content-Language"] == "zh-hans", "in the organiser's language"


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_start_a_group_writes_to_the_organisers(
    client, send, settings, language, django_assert_max_num_queries
):
    settings.CAMPAIGN_EMAIL = "organisers@example.org"
    with django_assert_max_num_queries(5):
        assert client.get(url("groups:start", language)).status_code == 200
    data = person(
        name="Chan", email="chan@example.org", city="Manchester", country="GB", message="We are five."
    )
    response = send(url("groups:start", language), data)
    assert response.status_code == 302
    (request,) = mail.outbox
    assert request.to == ["organisers@example.org"] and request.reply_to == ["chan@example.org"]
    assert "Manchester" in request.subject and "We are five." in request.body
    assert f"The group's language: {language}" in request.body, "by default the page's"


def test_the_groups_page_offers_to_start_one(client):
    assert url("groups:start") in client.get(url("groups:list")).content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_message_reaches_the_group_in_the_language_it_reads_whatever_the_page(send, language):
    group = LocalGroupFactory(language=language)
    send(url("groups:contact", "zh-hans" if language == "en" else "en", slug=group.slug), message())
    (relayed,) = mail.outbox
    assert relayed.extra_headers["Content-Language"] == language


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_start_a_group_asks_its_language_the_page_s_by_default(client, send, settings, language):
    settings.CAMPAIGN_EMAIL = "organisers@example.org"
    form = client.get(url("groups:start", language)).content.decode()
    selected = re.search(r'<option value="([^"]+)"[^>]*selected', form)
    assert selected and selected.group(1) == language, "the page's language is chosen"
    assert 'lang="zh-Hant"' in form and 'lang="en"' in form, "each language named in itself"
    data = person(
        name="Chan", email="chan@example.org", city="Manchester", country="GB", language="zh-hant", message=""
    )
    send(url("groups:start", language), data)
    (request,) = mail.outbox
    assert re.search(r"^The group's language: zh-hant$", request.body, re.M), request.body


def test_a_message_waits_sealed_and_the_task_table_holds_only_its_number(send, settings):
    """A task's arguments stay in the task table for weeks: who wrote to a group, from which
    address and what, must not."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    group = LocalGroupFactory()
    response = send(url("groups:contact", slug=group.slug), message(share_email="on"))
    assert response.status_code == 302
    (waiting,) = RelayedMessage.objects.all()
    assert "Lee Ka Yan" not in waiting.sealed and "lee@example.org" not in waiting.sealed
    assert waiting.content["email"] == "lee@example.org"
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [waiting.pk]
    stored = str(queued.args_kwargs)
    assert "Lee" not in stored and "lee@example.org" not in stored and "help" not in stored

    assert relay_message.call(waiting.pk) == "sent"
    assert not RelayedMessage.objects.exists(), "deleted once sent"
    assert relay_message.call(waiting.pk) == "skipped", "a second run sends nothing"
    assert len(mail.outbox) == 1


def test_a_message_the_mail_server_refuses_for_good_is_deleted(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    group = LocalGroupFactory()
    waiting = RelayedMessage.seal(
        "group", {"name": "A", "email": "", "message": "Hi"}, language="en", target_id=group.pk
    )
    waiting.save()
    assert relay_message.call(waiting.pk) == "failed"
    assert not RelayedMessage.objects.exists()


def test_messages_past_every_retry_are_deleted_on_the_way():
    old = RelayedMessage.seal(
        "group", {"name": "A", "email": "", "message": "Hi"}, language="en", target_id=1
    )
    old.created_at = old.created_at - RelayedMessage.KEPT_FOR - timedelta(minutes=1)
    old.save()
    relay_message.call(0)
    assert not RelayedMessage.objects.exists()
