"""Uploaded logos are stored under a random name (petition.models.logo_upload_to)."""

import petition.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petition', '0011_withdrawal_notice'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signature',
            name='organisation_logo',
            field=models.ImageField(blank=True, upload_to=petition.models.logo_upload_to, verbose_name='organisation logo'),
        ),
    ]
