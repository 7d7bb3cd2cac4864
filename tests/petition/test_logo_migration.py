"""Logos uploaded before private storage: the waiting ones leave public media, rows kept."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("petition", "0013_merge")]
AFTER = [("petition", "0014_logo_private_until_approved")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_waiting_logos_move_to_private_storage_and_approved_ones_stay_published(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    media = storages["default"]
    old = migrate(BEFORE)
    try:
        petitions = old.get_model("petition", "Petition").objects
        petition = petitions.create(slug="old", title="Old", statement="…")
        Signature = old.get_model("petition", "Signature")
        waiting_name = media.save("signatures/logos/2026/11/" + "a" * 32 + ".png", ContentFile(b"waiting"))
        approved_name = media.save("signatures/logos/2026/11/" + "b" * 32 + ".png", ContentFile(b"approved"))
        common = {"petition": petition, "kind": "organisation", "country": "GB", "state": "pending"}
        waiting = Signature.objects.create(name="Waiting", organisation_logo=waiting_name, **common)
        approved = Signature.objects.create(
            name="Approved", organisation_logo=approved_name, logo_approved=True, **common
        )
        lost = Signature.objects.create(name="Lost", organisation_logo="signatures/logos/gone.png", **common)

        new = migrate(AFTER)
        Signature = new.get_model("petition", "Signature")
        waiting, approved, lost = (Signature.objects.get(pk=s.pk) for s in (waiting, approved, lost))

        assert not media.exists(waiting_name), "a logo no moderator approved left public media"
        assert storages["private"].open(waiting.organisation_logo.name).read() == b"waiting"
        assert not waiting.published_logo
        assert approved.published_logo.name == approved_name and not approved.organisation_logo
        assert media.open(approved_name).read() == b"approved"
        assert lost.organisation_logo.name == "signatures/logos/gone.png", "the row is kept as it was"
        assert Signature.objects.count() == 3

        migrate(BEFORE)  # and back
        Signature = old.get_model("petition", "Signature")
        assert media.open(Signature.objects.get(pk=waiting.pk).organisation_logo.name).read() == b"waiting"
        assert Signature.objects.get(pk=approved.pk).organisation_logo.name == approved_name
    finally:
        migrate(latest())
    assert Path(settings.MEDIA_ROOT).exists()
