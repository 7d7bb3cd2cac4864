"""Every signature's email and contact encrypted, and its canonical address replaced with
its keyed hash (petition/signer_data.py, the same work as `manage.py rotate_signer_key`).

In batches of primary keys, each in its own transaction: at a million signatures no
statement holds its rows for long, and a run stopped half-way can simply run again. The
previous release may still be serving meanwhile: a row it changes after it was read is
left as it is, and a row it writes after this ran stays in clear until
`rotate_signer_key` (run once after the deployment) encrypts it; until then it is read
as it is.

Backwards, every value is decrypted and the canonical address computed again from the
address (the hash cannot be reversed): SIGNER_DATA_KEY must still hold the key.
"""

from django.db import migrations, transaction
from django.db.models import ExpressionWrapper, F, TextField

from core.crypto import decrypt
from core.db import update_if_unchanged
from petition.addresses import canonical_email
from petition.signer_data import BATCH, encrypted_fields, signatures_reencrypt


def forwards(apps, schema_editor):
    signatures_reencrypt(model=apps.get_model("petition", "Signature"), using=schema_editor.connection.alias)


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias
    model = apps.get_model("petition", "Signature")
    fields = encrypted_fields(model)
    names = [f.name for f in fields]
    columns = [f.column for f in fields] + ["email_canonical"]
    raw = {f"raw_{name}": ExpressionWrapper(F(name), output_field=TextField()) for name in names}
    last = 0
    while True:
        with transaction.atomic(using=db):
            rows = list(
                model.objects.using(db)
                .filter(pk__gt=last)
                .order_by("pk")
                .annotate(**raw)
                .values_list("pk", *raw, "email_canonical")[:BATCH]
            )
            if not rows:
                return
            last = rows[-1][0]
            changes = []
            for pk, *before in rows:
                after = [decrypt(value) for value in before[:-1]]
                email = after[names.index("email")]
                after.append(canonical_email(email) if email else before[-1])
                if after != before:
                    changes.append((pk, before, after))
            update_if_unchanged(model, columns, changes, using=db)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("petition", "0010_signature_encrypted_fields"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
