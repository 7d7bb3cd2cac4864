"""Signers' email addresses and organisations' contacts become encrypted fields (core/crypto.py).

Only the columns' type changes here, to `text`: a token is longer than the value it holds
(on PostgreSQL, varchar to text rewrites nothing). Migration 0011 encrypts the rows.
"""

from django.db import migrations

import core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("petition", "0009_signature_email_state_from_last_error"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signature",
            name="contact_person",
            field=core.crypto.EncryptedCharField(blank=True, max_length=200, verbose_name="contact person"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="contact_role",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=200, verbose_name="contact person's role"
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="email",
            field=core.crypto.EncryptedEmailField(blank=True, max_length=254, verbose_name="email"),
        ),
    ]
