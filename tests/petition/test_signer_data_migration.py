"""Signatures from before encryption migrate forward encrypted, hashed, and still found.

The previous release kept the address, its canonical form and the contact in clear;
links it emailed carried a fingerprint of the canonical address. After the migration the
database holds tokens and hashes, the site finds each signature by its address, and the
links already sent still work. Backwards, the clear values come back.
"""

import pytest
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.crypto import looks_encrypted
from core.hashing import keyed_hash
from petition import tokens
from petition.addresses import email_hash
from petition.models import Signature

BEFORE = [("petition", "0009_signature_email_state_from_last_error")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def raw(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, email_canonical, contact_person, contact_role "
            "FROM petition_signature WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def link_from_before(pk, canonical):
    """A confirmation link as the previous release made it."""
    mark = keyed_hash(f"{pk}:{canonical}")[:12]
    return signing.dumps([pk, mark], salt="petition.signature.confirm", compress=True)


@pytest.mark.django_db(transaction=True)
def test_signatures_from_before_are_encrypted_and_found_by_their_address(settings):
    old = migrate(BEFORE)
    try:
        petitions = old.get_model("petition", "Petition").objects
        petition = petitions.create(slug="old", title="Old", statement="…")
        signatures = old.get_model("petition", "Signature").objects
        now = timezone.now()
        person = signatures.create(
            petition=petition,
            name="Chan Tai Man",
            email="Chan.Tai.Man+hk@gmail.com",
            email_canonical="chantaiman@gmail.com",
            email_domain="gmail.com",
            country="HK",
        ).pk
        union = signatures.create(
            petition=petition,
            kind="organisation",
            name="Workers Union",
            email="office@union.example",
            email_canonical="office@union.example",
            email_domain="union.example",
            contact_person="Lam Wing Kee",
            contact_role="Secretary",
            country="HK",
            state="confirmed",
            confirmed_at=now,
        ).pk
        erased = signatures.create(petition=petition, name="", country="HK", state="withdrawn").pk
        link = link_from_before(person, "chantaiman@gmail.com")

        migrate(latest())

        email, canonical, contact, role = raw(union)
        assert looks_encrypted(email) and looks_encrypted(contact) and looks_encrypted(role)
        assert canonical == email_hash("office@union.example")
        assert "@" not in raw(person)[1]
        assert raw(erased) == ("", None, "", ""), "nothing to encrypt in an erased row"

        found = Signature.objects.get(email_canonical=email_hash("chan.tai.man@googlemail.com"))
        assert (found.pk, found.email) == (person, "Chan.Tai.Man+hk@gmail.com")
        found = Signature.objects.get(email_canonical=email_hash("OFFICE@union.example"))
        assert (found.contact_person, found.contact_role) == ("Lam Wing Kee", "Secretary")
        assert tokens.read_token(link, tokens.CONFIRM).pk == person, "links sent before still work"

        migrate(BEFORE)
        assert raw(person) == ("Chan.Tai.Man+hk@gmail.com", "chantaiman@gmail.com", "", "")
        assert raw(union) == ("office@union.example", "office@union.example", "Lam Wing Kee", "Secretary")
        assert raw(erased) == ("", None, "", "")
    finally:
        migrate(latest())
