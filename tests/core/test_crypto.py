"""Encrypted fields keep a token in the database and give the value back; the keys fail loudly."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.db import connection

from core import crypto
from petition.models import Signature
from tests.factories import OrganisationSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def stored(signature, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM petition_signature WHERE id = %s", [signature.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_database_holds_a_token_and_the_model_the_address():
    signature = PendingSignatureFactory(email="chan.tai.man@example.org")

    token = stored(signature, "email")
    assert crypto.looks_encrypted(token) and "chan" not in token
    assert Signature.objects.get(pk=signature.pk).email == "chan.tai.man@example.org"
    emails = Signature.objects.filter(pk=signature.pk).values_list("email", flat=True)
    assert list(emails) == ["chan.tai.man@example.org"]


def test_two_encryptions_of_one_address_differ():
    first, second = crypto.encrypt("chan@example.org"), crypto.encrypt("chan@example.org")
    assert first != second, "a fresh IV each time: equal addresses do not show as equal tokens"
    assert crypto.decrypt(first) == crypto.decrypt(second) == "chan@example.org"


def test_an_organisations_contact_is_encrypted_too():
    signature = OrganisationSignatureFactory(contact_person="Lam Wing Kee", contact_role="秘書")
    assert crypto.looks_encrypted(stored(signature, "contact_person"))
    assert crypto.looks_encrypted(stored(signature, "contact_role"))
    signature = Signature.objects.get(pk=signature.pk)
    assert (signature.contact_person, signature.contact_role) == ("Lam Wing Kee", "秘書")


def test_an_empty_value_stays_empty_so_erasure_leaves_nothing_to_decrypt():
    signature = PendingSignatureFactory(email="")
    assert stored(signature, "email") == "" and stored(signature, "contact_person") == ""
    assert Signature.objects.filter(email="").count() == 1


def test_a_value_written_in_clear_before_encryption_is_read_as_it_is():
    signature = PendingSignatureFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petition_signature SET email = %s WHERE id = %s", ["old@example.org", signature.pk]
        )
    assert Signature.objects.get(pk=signature.pk).email == "old@example.org"


def test_an_address_cannot_be_looked_up_through_its_encrypted_field():
    with pytest.raises(ValueError, match="hash"):
        Signature.objects.filter(email="chan@example.org").exists()
    with pytest.raises(FieldError, match="icontains"):
        Signature.objects.filter(email__icontains="chan").exists()


def test_the_rotation_keys_decrypt_and_the_first_encrypts(settings):
    settings.SIGNER_DATA_KEY = [KEY_A]
    old = crypto.encrypt("chan@example.org")
    settings.SIGNER_DATA_KEY = [KEY_B, KEY_A]
    assert crypto.decrypt(old) == "chan@example.org"
    new, outcome = crypto.reencrypt(old)
    assert outcome == "rotated"
    assert crypto.reencrypt(new) == (new, "current")
    settings.SIGNER_DATA_KEY = [KEY_B]
    assert crypto.decrypt(new) == "chan@example.org"


def test_a_missing_key_fails_loudly_without_naming_any_key(settings):
    settings.SIGNER_DATA_KEY = [KEY_A]
    token = crypto.encrypt("chan@example.org")
    settings.SIGNER_DATA_KEY = [KEY_B]
    with pytest.raises(crypto.UndecryptableError) as failure:
        crypto.decrypt(token)
    assert "SIGNER_DATA_KEY" in str(failure.value)
    assert KEY_A not in str(failure.value) and KEY_B not in str(failure.value)


def test_the_hash_is_keyed_and_stable(settings):
    settings.SIGNER_HASH_KEY = "h" * 40
    first = crypto.signer_hash("chan@example.org")
    assert first == crypto.signer_hash("chan@example.org") and len(first) == 64
    settings.SIGNER_HASH_KEY = "k" * 40
    assert crypto.signer_hash("chan@example.org") != first, "without the key, no one can compute it"


def test_keys_are_checked_without_being_quoted():
    assert crypto.data_key_problem([KEY_A, KEY_B]) is None
    problem = crypto.data_key_problem([KEY_A, "not-a-key"])
    assert "key number 2" in problem and "not-a-key" not in problem
    assert "at least" in crypto.hash_key_problem("short")
    assert "of its own" in crypto.hash_key_problem("s" * 50, secret_key="s" * 50)
    assert crypto.hash_key_problem(KEY_A, data_keys=[KEY_A]) is not None
    assert crypto.hash_key_problem("h" * 40, data_keys=[KEY_A], secret_key="s" * 50) is None
