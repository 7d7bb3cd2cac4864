"""A real task worker killed with SIGKILL mid-send: the next one finishes the update, no one
receives it twice, and the message in flight is marked unknown for an Organiser to send
again. The emails go to a local SMTP server started by the test."""

import asyncio
import json
import threading

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.core.test_task_lease import Workers
from tests.processes import free_port, wait_for
from updates import sending

SIGNERS = 60

SETUP = """
from django.utils import timezone
from petition.addresses import email_hash
from petition.models import Petition, Signature
from updates.models import Update
from updates import services
petition = Petition.objects.create(slug="killed-worker", title_en="T", statement_en="S", goal=100)
now = timezone.now()
languages = ["en", "zh-hant", "zh-hans"]
Signature.objects.bulk_create([
    Signature(
        petition=petition, name=f"S{n}", email=f"s{n}@example.org",
        email_canonical=email_hash(f"s{n}@example.org"), country="HK", state="confirmed",
        confirmed_at=now, consent_updates_at=now, language=languages[n % 3],
    )
    for n in range(COUNT)
])
texts = {"subject_zh_hant": "消息", "subject_zh_hans": "消息",
         "body_zh_hant": "<p>b</p>", "body_zh_hans": "<p>b</p>"}
update = Update.objects.create(petition=petition, subject_en="News", body_en="<p>b</p>", **texts)
services.update_send(update=update)
print(update.pk)
""".replace("COUNT", str(SIGNERS))

READ = """
import json
from updates.models import Update, Recipient
update = Update.objects.get()
unknown = [row.email for row in update.recipients.filter(state=Recipient.State.UNKNOWN)]
print(json.dumps({"state": update.state, "progress": update.progress(), "unknown": unknown}))
"""

RESEND_UNKNOWN = """
from updates import services
from updates.models import Update
print(services.update_resend_unknown(update=Update.objects.get()))
"""


class Sink:
    """An SMTP server that keeps (recipients, language) of every message it accepts. With
    `hold` set, it keeps the next message's DATA unanswered (`held` set) until `hold` clears."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.hold = threading.Event()
        self.held = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold.is_set() and not self.held.is_set():
            self.held.set()
            while self.hold.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        language = ""
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if line.lower().startswith("content-language:"):
                language = line.split(":", 1)[1].strip()
                break
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), language))
        return "250 OK"


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_the_rest_to_the_next_and_no_one_gets_two(tmp_path, sink):
    handler, port = sink
    workers = Workers(tmp_path)
    workers.env.update(EMAIL_URL=f"smtp://127.0.0.1:{port}", UPDATES_RATE="1200", UPDATES_BATCH_SIZE="7")
    try:
        if connection.vendor != "postgresql":
            workers.manage("migrate", "--noinput")
        workers.python(SETUP)
        first = workers.start("first")
        wait_for(lambda: len(handler.messages) >= 10, what="the first worker to send ten")
        # The worker is killed while the mail server has its next message and has not answered.
        handler.hold.set()
        wait_for(handler.held.is_set, what="a message in flight")
        first.kill()
        first.wait(timeout=60)
        handler.hold.clear()
        by_the_first = len(handler.messages)
        assert by_the_first < SIGNERS
        workers.start("second")
        wait_for(
            lambda: json.loads(workers.python(READ))["state"] == "sent",
            timeout=300,
            what="the update to finish",
        )
        result = json.loads(workers.python(READ))
        received = [recipients for recipients, _language in handler.messages]
        assert all(len(recipients) == 1 for recipients in received), "one recipient per message"
        addresses = [recipients[0] for recipients in received]
        assert len(addresses) == len(set(addresses)), "no one received the update twice"
        progress = result["progress"]
        # What the killed worker was handing over may have gone out: never sent again by itself.
        assert progress["sent"] + progress["unknown"] == SIGNERS
        assert progress["sending"] == progress["claimed"] == progress["queued"] == 0
        assert 1 <= progress["unknown"] <= sending.IN_FLIGHT
        assert set(result["unknown"]).isdisjoint(addresses[by_the_first:]), "the next worker left them alone"
        held = set(result["unknown"]) - set(addresses)
        assert len(held) >= 1, "the message in flight is among the unknown"
        languages = {address: language for (address,), language in handler.messages}
        assert languages["s1@example.org"] == "zh-hant" and languages["s2@example.org"] == "zh-hans"

        # An Organiser chooses to send those again: the one in flight arrives, once (those the
        # mail server had accepted before the kill get a second copy: the choice the admin names).
        assert workers.python(RESEND_UNKNOWN).strip() == str(progress["unknown"])
        wait_for(
            lambda: json.loads(workers.python(READ))["progress"]["sent"] == SIGNERS,
            timeout=300,
            what="the unknown ones to be sent again",
        )
    finally:
        workers.stop_all()
    received = [recipients[0] for recipients, _language in handler.messages]
    assert all(received.count(address) == 1 for address in held)
    assert len(set(received)) == SIGNERS, "every signer got it"
