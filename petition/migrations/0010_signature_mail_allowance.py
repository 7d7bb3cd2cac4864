"""The emails that requests ask for about one signature, counted on its row.

Database defaults as well as Django's, for rows the previous release inserts while
this one is deployed. No index: the counting UPDATE touches no indexed column.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petition', '0009_signature_email_state_from_last_error'),
    ]

    operations = [
        migrations.AddField(
            model_name='signature',
            name='mail_day_count',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='signature',
            name='mail_day_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='signature',
            name='mail_hour_count',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name='signature',
            name='mail_hour_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
