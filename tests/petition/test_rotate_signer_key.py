"""`manage.py rotate_signer_key` re-encrypts every signature with the first key, in batches,
and a second run changes nothing; then the old key can go."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from core.crypto import looks_encrypted
from core.db import update_if_unchanged
from petition.addresses import email_hash
from petition.models import Signature
from petition.signer_data import encrypted_fields
from tests.factories import (
    ConfirmedSignatureFactory,
    OrganisationSignatureFactory,
    PendingSignatureFactory,
    WithdrawnSignatureFactory,
)

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def rotate(*args):
    out = io.StringIO()
    call_command("rotate_signer_key", *args, stdout=out)
    return out.getvalue()


def raw_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, contact_person, contact_role FROM petition_signature ORDER BY id")
        return cursor.fetchall()


def readable():
    return [(s.email, s.contact_person, s.contact_role) for s in Signature.objects.order_by("pk")]


def test_rotating_to_a_new_key_keeps_every_signature_readable_with_the_new_key_alone(settings):
    settings.SIGNER_DATA_KEY = [KEY_A]
    ConfirmedSignatureFactory.create_batch(3)
    OrganisationSignatureFactory(contact_person="Lam Wing Kee", contact_role="Secretary")
    WithdrawnSignatureFactory()
    before = readable()

    settings.SIGNER_DATA_KEY = [KEY_B, KEY_A]
    output = rotate("--batch", "2")
    assert "5 signatures read: 4 re-encrypted with the current key" in output
    assert "1 already current or empty" in output, "the withdrawn one holds nothing"
    assert "0 changed meanwhile" in output

    settings.SIGNER_DATA_KEY = [KEY_B]
    assert readable() == before


def test_a_second_run_writes_nothing(settings):
    settings.SIGNER_DATA_KEY = [KEY_A]
    PendingSignatureFactory.create_batch(2)
    settings.SIGNER_DATA_KEY = [KEY_B, KEY_A]
    rotate()
    stored = raw_rows()

    output = rotate()

    assert "0 re-encrypted" in output and "2 already current" in output
    assert raw_rows() == stored


def test_a_signature_the_previous_release_wrote_in_clear_is_encrypted_and_hashed():
    signature = PendingSignatureFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petition_signature SET email = %s, email_canonical = %s WHERE id = %s",
            ["Late.Signer@example.org", "late.signer@example.org", signature.pk],
        )

    assert "1 encrypted (found in clear)" in rotate()

    assert looks_encrypted(raw_rows()[0][0])
    found = Signature.objects.get(email_canonical=email_hash("late.signer@example.org"))
    assert found.email == "Late.Signer@example.org"


def test_a_missing_key_stops_the_rotation_without_naming_a_key(settings):
    settings.SIGNER_DATA_KEY = [KEY_A]
    PendingSignatureFactory()
    settings.SIGNER_DATA_KEY = [KEY_B]
    with pytest.raises(CommandError, match="SIGNER_DATA_KEY") as failure:
        rotate()
    assert KEY_A not in str(failure.value) and KEY_B not in str(failure.value)


def test_a_row_erased_meanwhile_stays_erased():
    signature = ConfirmedSignatureFactory()
    columns = [field.column for field in encrypted_fields(Signature)]
    (before,) = raw_rows()
    Signature.objects.filter(pk=signature.pk).withdraw()  # between the read and the write

    written = update_if_unchanged(Signature, columns, [(signature.pk, list(before), ["x", "y", "z"])])

    assert written == 0
    assert raw_rows() == [("", "", "")]
