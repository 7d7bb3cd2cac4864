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
    with_logo = Signature.objects.exclude(organisation_logo="").only("pk", "organisation_logo", "logo_approved")
    for row in with_logo.iterator(chunk_size=500):
        name = row.organisation_logo.name
        if row.logo_approved:
            Signature.objects.filter(pk=row.pk).update(published_logo=name, organisation_logo="")
            continue
        if not public.exists(name):
            continue  # already private (a second run) or lost before: nothing public to move
        with public.open(name, "rb") as file:
            saved = private.save(name, file)
        Signature.objects.filter(pk=row.pk).update(organisation_logo=saved)
        public.delete(name)


def join_logos(apps, schema_editor):
    Signature = apps.get_model("petition", "Signature")
    public, private = storages["default"], storages["private"]
    for row in Signature.objects.exclude(published_logo="").iterator(chunk_size=500):
        Signature.objects.filter(pk=row.pk).update(organisation_logo=row.published_logo.name, published_logo="")
    for row in Signature.objects.exclude(organisation_logo="").filter(logo_approved=False).iterator(chunk_size=500):
        name = row.organisation_logo.name
        if private.exists(name):
            with private.open(name, "rb") as file:
                saved = public.save(name, file)
            Signature.objects.filter(pk=row.pk).update(organisation_logo=saved)
            private.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('petition', '0013_merge'),
    ]

    operations = [
        migrations.AddField(
            model_name='signature',
            name='published_logo',
            field=models.ImageField(blank=True, editable=False, storage=core.storage.public_storage, upload_to=petition.models.signatures.logo_upload_to, verbose_name='published logo'),
        ),
        migrations.AlterField(
            model_name='signature',
            name='organisation_logo',
            field=models.ImageField(blank=True, storage=core.storage.private_storage, upload_to=petition.models.signatures.logo_upload_to, verbose_name='organisation logo awaiting approval'),
        ),
        migrations.RunPython(split_logos, join_logos, elidable=False),
    ]
