"""The signature table's indexes for one-row statements, and room for in-place updates.

- No index leads with `state` any more (the plain one, its `LIKE` twin, and the
  partial `signature_pending`): PostgreSQL chose them over the primary key for the
  email tasks' `id = … AND state = 'pending'` once pending rows outnumbered what its
  statistics knew, and read every pending row per statement (about 4 ms at 4,500
  pending). The jobs that look for pending signatures select them by `created_at`,
  which the admin's list is also sorted by.
- `petition` loses its own index: every other index of the table leads with it.
- `ip_hash` keeps an exact-match index, without the `LIKE` twin nothing used.
- On PostgreSQL the table keeps 15% of each page free: an email task's updates
  (send count, time, error) touch no indexed column, so they can stay on the row's
  page ("HOT" updates) and write no index entry at all.
"""

import django.db.models.deletion
from django.db import migrations, models

FILLFACTOR = 85


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE petition_signature SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE petition_signature RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("petition", "0005_export_file"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="signature",
            name="signature_pending",
        ),
        migrations.AlterField(
            model_name="signature",
            name="ip_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="IP hash"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "pending confirmation"),
                    ("confirmed", "confirmed"),
                    ("withdrawn", "withdrawn"),
                    ("invalidated", "invalidated"),
                ],
                default="pending",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(fields=["created_at"], name="signature_created"),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(fields=["ip_hash"], name="signature_ip_hash"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="petition",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="signatures",
                to="petition.petition",
                verbose_name="petition",
            ),
        ),
        migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False),
    ]
