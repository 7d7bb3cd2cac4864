"""Application logs never carry an email address.

The attack: read the logs (a log service, a support ticket with a pasted log, a
backup of /var/log) to learn who signed. Every step that touches an address is run
here with every logger captured at DEBUG: signing, its email, confirming, managing,
withdrawing (its acknowledgement), the contact form, and sends the mail server
refuses, whose errors name the recipient.
"""

import logging
import re
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from petition.addresses import email_hash
from petition.models import Signature
from tests.petition.conftest import CONFIRM_LINK, MANAGE_LINK, form_data, link_path

ADDRESSES = {
    "signer": "alice.signer@example.org",
    "contact": "bob.writer@example.net",
    "refused": "carol.refused@example.com",
}


class RefusingBackend(EmailBackend):
    """The mail server refuses one recipient, naming it, as SMTP servers do."""

    def send_messages(self, messages):
        for message in messages:
            if ADDRESSES["refused"] in message.to:
                refused = ADDRESSES["refused"]
                raise smtplib.SMTPRecipientsRefused(
                    {refused: (550, f"5.1.1 <{refused}>: no such user".encode())}
                )
        return super().send_messages(messages)


@pytest.fixture
def everything_logged(caplog):
    # Through caplog, so that every level is put back after the test: a logger left at
    # DEBUG makes the template engine log each missing variable with the whole context,
    # querysets evaluated, and so adds queries to the tests that run after this one in
    # the same process (the dashboard's query budget failed so under xdist).
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged_text(caplog):
    parts = [caplog.text]
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@pytest.mark.django_db
def test_the_whole_flow_logs_no_address(
    client, petition, settings, mailoutbox, everything_logged, django_capture_on_commit_callbacks
):
    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    settings.MAILERS = {
        "default": {"BACKEND": "tests.security.test_logs_never_carry_an_address.RefusingBackend"}
    }
    settings.CAMPAIGN_EMAIL = "campaign@example.org"
    settings.SIGN_MIN_SECONDS = settings.FORM_MIN_SECONDS = 0

    with commit():
        assert client.post("/en/petition/", form_data(email=ADDRESSES["signer"])).status_code == 302
    message = next(m for m in mailoutbox if m.to == [ADDRESSES["signer"]])
    confirm, manage = link_path(message), link_path(message, MANAGE_LINK)
    with commit():
        client.post("/en/petition/check-your-inbox/")
        assert client.post(confirm).status_code == 302
        client.post(manage, {"name": "Alice", "display": "initials"})
        assert client.post(manage + "withdraw/").status_code == 302
    assert Signature.objects.get().state == Signature.State.WITHDRAWN
    assert [m.subject for m in mailoutbox if m.to == [ADDRESSES["signer"]]][-1].startswith(
        "Your signature is"
    )

    from tests.campaign.test_contact import form_data as contact_data

    for who in ("contact", "refused"):
        with commit():
            assert client.post("/en/contact/", contact_data(email=ADDRESSES[who])).status_code == 302
    with commit():
        client.post("/en/petition/", form_data(email=ADDRESSES["refused"], name="Carol"))
    refused = Signature.objects.get(email_canonical=email_hash(ADDRESSES["refused"]))
    assert refused.email_state == Signature.EmailState.FAILED, "a failed send was part of the flow"
    assert re.search(CONFIRM_LINK, message.body)

    text = logged_text(everything_logged)
    assert "failed" in text, "the failures were logged"
    for address in ADDRESSES.values():
        local, _at, domain = address.partition("@")
        assert address not in text, address
        assert local not in text, local
