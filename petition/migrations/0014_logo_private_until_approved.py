"""A logo no moderator has approved leaves public media for private storage; an approved
one stays where it is and is recorded as published. Rows are kept; files are copied
before their row changes and deleted after."""

import core.storage
import petition.models.signatures
from django.core.files.storage import storages
from django.db import migrations, models


def split_logos(apps, schema_editor):
    Signature = apps.get_model("petition", "Signature")
    public, private = storages["default"], storages["private"]
    with_logo = Signature.objects.exclude(organisation_logo="").values_list(
        "pk", "organisation_logo", "logo_approved"
    )
    for pk, name, approved in with_logo.iterator(chunk_size=500):
        if approved:
            Signature.objects.filter(pk=pk).update(published_logo=name, organisation_logo="")
            continue
        if not public.exists(name):
            continue  # already private (a second run) or lost before: nothing public to move
        with public.open(name, "rb") as file:
            saved = private.save(name, file)
        Signature.objects.filter(pk=pk).update(organisation_logo=saved)
        public.delete(name)


def join_logos(apps, schema_editor):
    # Columns named one by one: a sibling branch's fields may be in the state, not the table.
    # And on SQLite, unapplying a sibling branch first rebuilds the table without this
    # migration's column: then there is nothing left to move back.
    Signature = apps.get_model("petition", "Signature")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, Signature._meta.db_table)
    if "published_logo" not in {column.name for column in table}:
        return
    public, private = storages["default"], storages["private"]
    published = Signature.objects.exclude(published_logo="").values_list("pk", "published_logo")
    for pk, name in published.iterator(chunk_size=500):
        Signature.objects.filter(pk=pk).update(organisation_logo=name, published_logo="")
    waiting = Signature.objects.exclude(organisation_logo="").filter(logo_approved=False)
    for pk, name in waiting.values_list("pk", "organisation_logo").iterator(chunk_size=500):
        if private.exists(name):
            with private.open(name, "rb") as file:
                saved = public.save(name, file)
            Signature.objects.filter(pk=pk).update(organisation_logo=saved)
            private.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("petition", "0013_merge"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="published_logo",
            field=models.ImageField(
                blank=True,
                editable=False,
                storage=core.storage.public_storage,
                upload_to=petition.models.signatures.logo_upload_to,
                verbose_name="published logo",
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="organisation_logo",
            field=models.ImageField(
                blank=True,
                storage=core.storage.private_storage,
                upload_to=petition.models.signatures.logo_upload_to,
                verbose_name="organisation logo awaiting approval",
            ),
        ),
        migrations.RunPython(split_logos, join_logos, elidable=False),
    ]
