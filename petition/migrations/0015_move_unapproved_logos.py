"""Logos no moderator has approved leave public media for the private storage.

Before this release an uploaded logo went to public media at once, shown on the wall
only once approved, but fetchable by anyone who had its address. Each unapproved one
is copied to the private storage under a new random name and deleted from media; the
row is kept. A file already gone leaves the row without a logo. Running it again finds
nothing left to move.
"""

import uuid

from django.core.files import File
from django.core.files.storage import storages
from django.db import migrations
from django.utils import timezone

BATCH = 200


def _private_name():
    return f"signatures/logos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.png"


def move_unapproved_logos(apps, schema_editor):
    Signature = apps.get_model("petition", "Signature")
    db = schema_editor.connection.alias
    public, private = storages["default"], storages["private"]
    last = 0
    while True:
        rows = list(
            Signature.objects.using(db)
            .filter(pk__gt=last, logo_approved=False)
            .exclude(organisation_logo="")
            .order_by("pk")
            .values_list("pk", "organisation_logo")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        for pk, name in rows:
            moved = ""
            try:
                with public.open(name, "rb") as source:
                    moved = private.save(_private_name(), File(source))
            except FileNotFoundError:
                pass
            changed = (
                Signature.objects.using(db)
                .filter(pk=pk, organisation_logo=name, logo_approved=False)
                .update(organisation_logo="", unapproved_logo=moved)
            )
            if changed:
                public.delete(name)
            elif moved:
                private.delete(moved)


class Migration(migrations.Migration):
    # Each row's change commits on its own, before its public file is deleted.
    atomic = False

    dependencies = [
        ("petition", "0014_signature_unapproved_logo"),
    ]

    operations = [
        migrations.RunPython(move_unapproved_logos, migrations.RunPython.noop, elidable=False),
    ]
