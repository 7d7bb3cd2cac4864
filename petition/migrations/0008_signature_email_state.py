"""A signature's last email gets a state of its own: none, being sent, sent or failed.

A database default as well as Django's: the previous release, still serving while
this one is deployed, inserts signatures without the column. No index: the email
tasks' updates touch no indexed column and stay on the row's page (see 0006).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petition", "0007_demand"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="email_state",
            field=models.CharField(
                choices=[("none", "none"), ("sending", "being sent"), ("sent", "sent"), ("failed", "failed")],
                db_default="none",
                default="none",
                max_length=10,
                verbose_name="last email",
            ),
        ),
    ]
