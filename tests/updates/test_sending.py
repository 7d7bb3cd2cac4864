"""Sending an update: one email per address in its language, exactly once, at the rate set."""

import smtplib

import pytest
from django.core import mail

from tests.updates.conftest import ready_update, subscriber
from updates import sending, services
from updates.models import Recipient, Suppression, Update

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_one_message_in_their_own_language(petition, mailoutbox, no_pause, commit):
    for language in ["en", "zh-hant", "zh-hans"]:
        subscriber(petition, language=language, email=f"{language}@example.org")
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    assert len(mailoutbox) == 3
    by_address = {message.to[0]: message for message in mailoutbox}
    for message in mailoutbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
    assert by_address["en@example.org"].subject == "We delivered the petition"
    assert "read more (https://example.org/x)" in by_address["en@example.org"].body
    assert by_address["zh-hant@example.org"].subject == "我們遞交了聯署"
    assert "繁體正文" in by_address["zh-hant@example.org"].body
    assert by_address["zh-hans@example.org"].subject == "我们递交了联署"
    assert by_address["zh-hans@example.org"].extra_headers["Content-Language"] == "zh-hans"
    update.refresh_from_db()
    assert update.state == Update.State.SENT
    assert update.progress()[Recipient.State.SENT] == 3


def test_every_update_carries_a_one_click_unsubscribe(petition, mailoutbox, no_pause, commit):
    subscriber(petition, language="zh-hant")
    with commit():
        services.update_send(update=ready_update(petition))
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        headers["List-Unsubscribe"].startswith("<http")
        and "/zh-hant/updates/unsubscribe/" in headers["List-Unsubscribe"]
    )
    assert headers["List-Unsubscribe"][1:-1] in mailoutbox[0].body


def test_a_second_run_sends_no_one_twice(petition, mailoutbox, no_pause, commit):
    for _ in range(5):
        subscriber(petition)
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    Update.objects.filter(pk=update.pk).update(state=Update.State.SENDING)
    assert sending.send_update_run(update.pk) == "sent"
    assert len(mailoutbox) == 5


def test_a_run_killed_mid_batch_is_resumed_and_what_it_was_handing_over_is_unknown(
    petition, mailoutbox, no_pause, commit
):
    for _ in range(6):
        subscriber(petition)
    update = ready_update(petition)
    update.schedule()
    update.start("dead")
    sending.record_recipients(update)
    rows = list(update.recipients.order_by("pk"))
    # The dead run had claimed four, sent two, and was killed while handing the third over.
    sending.claim_batch(update, "dead", 4)
    Recipient.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(state=Recipient.State.SENT)
    Recipient.objects.filter(pk=rows[2].pk).update(state=Recipient.State.SENDING)
    assert sending.send_update_run(update.pk) == "sent"
    sent_to = sorted(message.to[0] for message in mailoutbox)
    assert sent_to == sorted(row.email for row in rows[3:])
    counts = Update.objects.get(pk=update.pk).progress()
    assert counts[Recipient.State.SENT] == 5 and counts[Recipient.State.UNKNOWN] == 1
    unknown = update.recipients.get(state=Recipient.State.UNKNOWN)
    assert unknown.pk == rows[2].pk and unknown.email, "kept to be sent again if an Organiser chooses"
    # The Organiser chooses to risk a second copy rather than none.
    with commit():
        assert services.update_resend_unknown(update=update) == 1
    assert [message.to[0] for message in mailoutbox[3:]] == [rows[2].email]
    assert Update.objects.get(pk=update.pk).progress()[Recipient.State.SENT] == 6


def test_a_live_run_settles_its_own_rows_another_took_for_unknown(petition, mailoutbox, no_pause):
    subscriber(petition)
    update = ready_update(petition)
    update.schedule()
    update.start("slow")
    sending.record_recipients(update)
    pks = sending.claim_batch(update, "slow", 1)
    assert sending._begin(pks, "slow") == set(pks)
    sending.mark_unknown(update, keep_run="another")  # a run started while "slow" was still sending
    sending._mark_sent(pks, "slow")  # then "slow" hears the mail server accept it
    assert update.recipients.get().state == Recipient.State.SENT


def test_the_update_is_rendered_once_per_language_in_a_batch(
    petition, monkeypatch, mailoutbox, no_pause, commit
):
    for n in range(9):
        subscriber(petition, language=["en", "zh-hant", "zh-hans"][n % 3])
    rendered = []
    original = sending.render_update
    monkeypatch.setattr(sending, "render_update", lambda *a, **k: rendered.append(a[1]) or original(*a, **k))
    with commit():
        services.update_send(update=ready_update(petition))
    assert sorted(rendered) == ["en", "zh-hans", "zh-hant"]
    links = {message.extra_headers["List-Unsubscribe"] for message in mailoutbox}
    assert len(links) == 9, "each its own unsubscribe link"
    for message in mailoutbox:
        link = message.extra_headers["List-Unsubscribe"][1:-1]
        assert link in message.body and link in message.alternatives[0].content
        assert sending.UNSUBSCRIBE_SLOT not in message.body


def test_the_rate_is_respected(petition, settings, mailoutbox, no_pause):
    settings.UPDATES_RATE = 120  # one every half second
    settings.UPDATES_BATCH_SIZE = 2
    for _ in range(5):
        subscriber(petition)
    now, waits = [0.0], []

    def clock():
        now[0] += 0.01  # sending one message takes 10 ms
        return now[0]

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    pacer = sending.Pacer(settings.UPDATES_RATE, clock=clock, sleep=sleep)
    update = ready_update(petition)
    update.schedule()
    sending.send_update_run(update.pk, pacer=pacer)
    assert len(mailoutbox) == 5
    assert len(waits) == 4 and all(0.45 < wait <= 0.5 for wait in waits)
    assert now[0] >= 2.0  # five messages at two a second: four intervals


def test_a_paced_minute_sends_no_more_than_the_rate():
    now = [0.0]
    pacer = sending.Pacer(60, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    sends = 0
    while now[0] < 60:
        pacer.wait()
        sends += 1 if now[0] < 60 else 0
    assert sends == 60


def test_one_connection_carries_a_whole_batch(petition, settings, monkeypatch, no_pause, commit):
    settings.UPDATES_BATCH_SIZE = 3
    opened = []
    backend = type(mail.mailers.default)
    original = backend.open

    def open_(self):
        opened.append(self)
        return original(self)

    monkeypatch.setattr(backend, "open", open_)
    for _ in range(7):
        subscriber(petition)
    with commit():
        services.update_send(update=ready_update(petition))
    assert len(mail.outbox) == 7
    assert len(opened) == 3  # batches of 3, 3 and 1


def test_pause_stops_between_batches_and_resume_finishes(
    petition, settings, mailoutbox, monkeypatch, no_pause, commit
):
    settings.UPDATES_BATCH_SIZE = 2
    for _ in range(5):
        subscriber(petition)
    update = ready_update(petition)
    original = sending._send_batch

    def then_pause(*args):
        original(*args)
        Update.objects.get(pk=update.pk).pause()

    monkeypatch.setattr(sending, "_send_batch", then_pause)
    with commit():
        services.update_send(update=update)
    assert len(mailoutbox) == 2
    update.refresh_from_db()
    assert update.state == Update.State.PAUSED
    assert update.progress()[Recipient.State.QUEUED] == 3
    monkeypatch.setattr(sending, "_send_batch", original)
    with commit():
        services.update_resume(update=update)
    assert len(mailoutbox) == 5
    update.refresh_from_db()
    assert update.state == Update.State.SENT


def test_cancel_sends_nothing_more(petition, mailoutbox, no_pause):
    subscriber(petition)
    update = ready_update(petition)
    update.schedule()
    services.update_cancel(update=update)
    assert sending.send_update_run(update.pk) == "skipped"
    assert mailoutbox == []


def test_a_permanent_refusal_marks_the_address_undeliverable_and_suppresses_it(
    petition, monkeypatch, no_pause, commit
):
    bounced, fine = subscriber(petition, email="gone@example.org"), subscriber(petition)
    backend = type(mail.mailers.default)
    original = backend.send_messages

    def refuse(self, messages):
        if messages[0].to == ["gone@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"no such user")})
        return original(self, messages)

    monkeypatch.setattr(backend, "send_messages", refuse)
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    row = update.recipients.get(signature_id=bounced.pk)
    assert row.state == Recipient.State.UNDELIVERABLE and "550" in row.error and "gone@" not in row.error
    assert Suppression.objects.get(email_hash=bounced.email_canonical).reason == Suppression.Reason.BOUNCED
    assert update.recipients.get(signature_id=fine.pk).state == Recipient.State.SENT
    later = ready_update(petition)
    assert list(sending.audience_signatures(later)) == [fine]


def test_a_passing_failure_is_kept_to_send_again(petition, monkeypatch, mailoutbox, no_pause, commit):
    subscriber(petition)
    backend = type(mail.mailers.default)
    original = backend.send_messages
    monkeypatch.setattr(
        backend, "send_messages", lambda self, m: (_ for _ in ()).throw(smtplib.SMTPDataError(451, b"later"))
    )
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    row = update.recipients.get()
    assert row.state == Recipient.State.FAILED and row.email
    monkeypatch.setattr(backend, "send_messages", original)
    with commit():
        assert services.update_retry_failed(update=update) == 1
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.state == Recipient.State.SENT and row.email == ""


def test_a_sent_row_keeps_no_address(petition, no_pause, commit):
    subscriber(petition)
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    row = update.recipients.get()
    assert row.email == "" and row.email_hash and row.sent_at


def test_an_address_unsubscribed_after_recording_is_not_written_to(petition, mailoutbox, no_pause):
    leaving = subscriber(petition)
    update = ready_update(petition)
    update.schedule()
    sending.record_recipients(update)
    Suppression.objects.create(email_hash=leaving.email_canonical, reason=Suppression.Reason.UNSUBSCRIBED)
    sending.send_update_run(update.pk)
    assert mailoutbox == []
    assert update.recipients.get().state == Recipient.State.SUPPRESSED
