"""The one-row statements of a surge take the primary key, whatever PostgreSQL's statistics say.

Statistics gathered while (almost) every signature was confirmed say a pending one is
rare; a surge then adds thousands in minutes. An index that leads with `state` then
looked cheaper than the primary key to the planner, and each email task and each
confirmation read every pending row.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petition import services, tasks
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
    pytest.mark.django_db,
]


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def statements_on_one_signature(run):
    """The SELECTs and UPDATEs of the signature table that `run()` sends, as sent."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(("SELECT", "UPDATE")) and '"petition_signature"."id" =' in query["sql"]
    ]


@pytest.fixture
def surge(petition):
    """Statistics taken with only confirmed signatures, then a crowd of pending ones."""
    ConfirmedSignatureFactory.create_batch(300, petition=petition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petition_signature")
    return PendingSignatureFactory.create_batch(300, petition=petition)


def test_the_confirmation_email_task_reads_and_updates_its_signature_by_primary_key(surge, mailoutbox):
    statements = statements_on_one_signature(lambda: tasks.send_confirmation.call(surge[-1].pk, 1))

    assert len(mailoutbox) == 1
    assert len(statements) == 3  # read it, claim its email, clear the "being sent" mark
    for sql in statements:
        assert "petition_signature_pkey" in plan(sql), sql


def test_confirming_a_signature_updates_it_by_primary_key(surge):
    signature = surge[-1]
    statements = statements_on_one_signature(lambda: services.signature_confirm(signature=signature))

    assert signature.state == Signature.State.CONFIRMED
    assert any(sql.startswith("UPDATE") for sql in statements)
    for sql in statements:
        assert "petition_signature_pkey" in plan(sql), sql


def test_no_index_of_the_signature_table_leads_with_its_state():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Signature._meta.db_table)

    leading = {
        name: info["columns"][0] for name, info in constraints.items() if info["index"] and info["columns"]
    }

    assert "state" not in leading.values()
