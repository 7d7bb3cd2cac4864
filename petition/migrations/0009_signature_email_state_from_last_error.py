"""Each signature's email state, read from what `last_email_error` held until now.

- the sentence written while a confirmation was being sent → sending (the sentence goes);
- any other text, a mailer's error → failed (the text stays: it says why);
- no error, and a confirmation or a reminder sent → sent;
- the rest (nothing sent yet) stay none.

In batches of primary keys, each in its own transaction: at a million signatures no
statement holds its rows for long, and a run stopped half-way can simply run again.
Backwards, a signature being sent gets the sentence back.
"""

from django.db import migrations, transaction
from django.db.models import Max, Q

# The sentence, exactly as the previous release wrote it.
SENDING = "Being sent; if this stays, the worker stopped while sending it (resend_confirmations retries)."
BATCH = 20_000


def in_batches(apps, schema_editor, change):
    """`change(rows)` for the signatures BATCH primary keys at a time, each batch in its own transaction."""
    db = schema_editor.connection.alias
    signatures = apps.get_model("petition", "Signature").objects.using(db)
    last = signatures.aggregate(last=Max("pk"))["last"] or 0
    for start in range(0, last + 1, BATCH):
        with transaction.atomic(using=db):
            change(signatures.filter(pk__gte=start, pk__lt=start + BATCH))


def state_from_error(rows):
    rows.filter(last_email_error=SENDING).update(email_state="sending", last_email_error="")
    rows.filter(email_state="none").exclude(last_email_error="").update(email_state="failed")
    rows.filter(email_state="none", last_email_error="").filter(
        Q(confirmation_send_count__gt=0) | Q(reminder_sent_at__isnull=False)
    ).update(email_state="sent")


def sentence_from_state(rows):
    rows.filter(email_state="sending").update(last_email_error=SENDING)


def forwards(apps, schema_editor):
    in_batches(apps, schema_editor, state_from_error)


def backwards(apps, schema_editor):
    in_batches(apps, schema_editor, sentence_from_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("petition", "0008_signature_email_state"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
