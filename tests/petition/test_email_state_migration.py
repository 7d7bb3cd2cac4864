"""Signatures from before the email state migrate forward with the state their error text meant.

The previous release kept a sentence in `last_email_error` while a confirmation was
being sent, and the mailer's error once one failed.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from petition.models import Signature

BEFORE = [("petition", "0008_signature_email_state")]
SENDING = "Being sent; if this stays, the worker stopped while sending it (resend_confirmations retries)."


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_signatures_from_before_get_the_email_state_their_error_text_meant():
    old = migrate([("petition", "0007_demand")])
    try:
        petitions = old.get_model("petition", "Petition").objects
        petition = petitions.create(slug="old", title="Old", statement="…")
        signatures = old.get_model("petition", "Signature").objects

        def signature(name, **fields):
            return signatures.create(petition=petition, name=name, country="HK", **fields).pk

        now = timezone.now()
        rows = {
            "being sent": signature(
                "A", confirmation_send_count=1, confirmation_sent_at=now, last_email_error=SENDING
            ),
            "failed": signature("B", last_email_error="SMTPConnectError: (421, b'service not available')"),
            "sent": signature("C", confirmation_send_count=1, confirmation_sent_at=now),
            "reminded": signature("D", confirmation_send_count=1, reminder_sent_at=now),
            "never sent": signature("E"),
            "confirmed": signature("F", state="confirmed", confirmed_at=now, confirmation_send_count=1),
        }

        migrate(latest())

        found = {
            key: Signature.objects.filter(pk=pk).values_list("email_state", "last_email_error").get()
            for key, pk in rows.items()
        }
        assert found == {
            "being sent": ("sending", ""),
            "failed": ("failed", "SMTPConnectError: (421, b'service not available')"),
            "sent": ("sent", ""),
            "reminded": ("sent", ""),
            "never sent": ("none", ""),
            "confirmed": ("sent", ""),
        }

        migrate(BEFORE)
        back = old.get_model("petition", "Signature").objects
        assert back.get(pk=rows["being sent"]).last_email_error == SENDING, "the sentence back"
        assert back.get(pk=rows["sent"]).last_email_error == ""
    finally:
        migrate(latest())
