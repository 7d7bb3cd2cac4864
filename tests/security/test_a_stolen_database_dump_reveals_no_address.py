"""A stolen database dump reveals no signer's address and no organisation's contact.

Signers sign through the real form (a person, an organisation with its contact), one
confirms, one signs again; the confirmation emails wait in the database's task queue.
Then every column of every table is read with raw SQL, as a dump would read it: no
address, no canonical address, no contact name or role is there. The email still goes to
the address typed, and the site finds the signer by it.
"""

import re

import pytest
from django.core import mail
from django.db import connection

from core.crypto import looks_encrypted
from petition import tasks
from petition.addresses import email_hash
from petition.models import Signature
from tests.petition.conftest import CONFIRM_LINK, form_data

pytestmark = pytest.mark.django_db

PERSON = "Qzdump.Signer+petition@Example.ORG"
ORGANISATION = "qzunion-office@example.net"
CONTACT = ("Qzcontact Personname", "Qzrole Secretary")
# What must not be in the dump, in any case: the local parts (so the addresses, as typed
# or canonical) and the contact's words. The domains may be: email_domain is in clear.
SECRETS = ["qzdump", "qzunion", "qzcontact", "personname", "qzrole"]


@pytest.fixture
def signed(client, petition, settings, django_capture_on_commit_callbacks):
    settings.SIGN_MIN_SECONDS = 0

    def sign(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/petition/", form_data(**fields), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302

    sign(name="Dump Tester", email=PERSON)
    path = CONFIRM_LINK.search(mail.outbox[-1].body).group(0).split("testserver", 1)[1]
    assert client.post(path).status_code == 302
    sign(name="Dump Tester", email=PERSON.lower())  # again: the "already signed" email
    # The organisation's confirmation waits in the database's task queue, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sign(
        kind="organisation",
        name="Dump Workers Union",
        email=ORGANISATION,
        contact_person=CONTACT[0],
        contact_role=CONTACT[1],
    )
    return petition


def dump():
    """Every row of every table, read with raw SQL: (table, column, value as text)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("utf-8", "replace")
                    yield table, column, str(value)


def test_no_address_or_contact_is_in_any_column_of_any_table(signed):
    assert Signature.objects.count() == 2
    scanned = 0
    for table, column, value in dump():
        for secret in SECRETS:
            assert secret not in value.lower(), (table, column)
        scanned += 1
    assert scanned > 100


def test_the_signature_table_holds_tokens_and_hashes(signed):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, email_canonical, email_domain, contact_person, contact_role "
            "FROM petition_signature ORDER BY id"
        )
        person, organisation = cursor.fetchall()
    assert looks_encrypted(person[0]) and looks_encrypted(organisation[0])
    assert re.fullmatch(r"[0-9a-f]{64}", person[1]) and re.fullmatch(r"[0-9a-f]{64}", organisation[1])
    assert (person[2], organisation[2]) == ("example.org", "example.net"), "domains in clear, as documented"
    assert person[3:] == ("", ""), "an individual has no contact"
    assert all(looks_encrypted(value) for value in organisation[3:])


def test_the_site_still_mails_and_finds_the_signers(signed):
    person = Signature.objects.get(email_canonical=email_hash("qzdump.signer@example.org"))
    assert person.email == "Qzdump.Signer+petition@example.org", "as typed, its domain lower-cased"
    assert [message.to for message in mail.outbox] == [[person.email], [person.email]]

    organisation = Signature.objects.get(email_canonical=email_hash(ORGANISATION))
    assert (organisation.contact_person, organisation.contact_role) == CONTACT
    assert tasks.send_confirmation.call(organisation.pk, 1) == "sent"
    assert mail.outbox[-1].to == [ORGANISATION]
