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


# --- Rows the previous release wrote in clear while this one was being deployed ------------


def write_in_clear(signature, email, canonical):
    """What the previous release stored: the address and its canonical form in clear."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petition_signature SET email = %s, email_canonical = %s WHERE id = %s",
            [email, canonical, signature.pk],
        )


def raw_canonical(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, email_canonical FROM petition_signature WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.parametrize("batch", ["1", "1000"])
def test_rows_left_in_clear_after_the_migration_are_found_and_encrypted_by_a_run(batch):
    encrypted = PendingSignatureFactory.create_batch(3)
    late = PendingSignatureFactory.create_batch(2)
    for n, signature in enumerate(late):
        write_in_clear(signature, f"Late{n}@Example.org", f"late{n}@example.org")

    output = rotate("--batch", batch)

    assert "2 encrypted (found in clear)" in output and "3 already current" in output
    for n, signature in enumerate(late):
        email, canonical = raw_canonical(signature.pk)
        assert looks_encrypted(email) and "@" not in canonical
        assert Signature.objects.get(email_canonical=email_hash(f"late{n}@example.org")).pk == signature.pk
    assert Signature.objects.count() == 5 and len(encrypted) == 3
    assert "0 encrypted" in rotate(), "a second run finds nothing left in clear"


def test_a_canonical_form_from_an_older_release_is_hashed_as_this_release_would_hash_it():
    signature = PendingSignatureFactory()
    write_in_clear(signature, "Chan.Tai.Man+petition@gmail.com", "chan.tai.man+petition@gmail.com")

    rotate()

    assert Signature.objects.get(email_canonical=email_hash("chantaiman@gmail.com")).pk == signature.pk


@pytest.mark.parametrize("batch", ["1", "1000"])
def test_an_address_that_signed_twice_during_the_deploy_keeps_both_rows_and_is_reported(petition, batch):
    hashed = ConfirmedSignatureFactory(petition=petition, email="worker@example.org")
    in_clear = PendingSignatureFactory(petition=petition)
    write_in_clear(in_clear, "Worker@example.org", "worker@example.org")
    elsewhere = PendingSignatureFactory()  # another petition: one signature each is allowed
    write_in_clear(elsewhere, "worker@example.org", "worker@example.org")

    output = rotate("--batch", batch)

    assert "1 found in clear with the address of another signature" in output
    assert f"signatures {in_clear.pk})" in output
    assert Signature.objects.count() == 3, "no row lost"
    holder = Signature.objects.get(email_canonical=email_hash("worker@example.org"), petition=petition)
    assert holder == hashed
    email, canonical = raw_canonical(in_clear.pk)
    assert looks_encrypted(email) and canonical is None, "encrypted all the same, no address in clear"
    assert Signature.objects.get(pk=in_clear.pk).email == "Worker@example.org"
    assert looks_encrypted(raw_canonical(elsewhere.pk)[0])
    assert Signature.objects.get(pk=elsewhere.pk).email_canonical == email_hash("worker@example.org")
    assert "0 encrypted" in rotate() and "0 found in clear" in rotate()
