"""The one-row statements of a surge take the primary key, whatever PostgreSQL's statistics say.

Statistics gathered while (almost) every signature was confirmed say a pending one is
rare; a surge then adds thousands in minutes. An index that leads with `state` then
looked cheaper than the primary key to the planner, and each email task and each
confirmation read every pending row.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petition import counts, services, tasks
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


def updates_of_the_signature_table():
    """(rows updated, of which HOT: no index entry written) in this transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(%s::regclass),"
            " pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
            [Signature._meta.db_table] * 2,
        )
        return cursor.fetchone()


def test_the_confirmation_email_task_writes_no_index_entry(petition, mailoutbox):
    """Its updates (send count, time, email state) touch no indexed column: they stay on the row's page."""
    signature = PendingSignatureFactory(petition=petition)
    updated, hot = updates_of_the_signature_table()

    assert tasks.send_confirmation.call(signature.pk, 1) == "sent"

    now_updated, now_hot = updates_of_the_signature_table()
    assert now_updated - updated == 2  # claimed, then marked sent
    assert now_hot - hot == 2


def test_resending_finds_failed_and_interrupted_emails_by_the_time_of_signing(petition):
    """No index on the email state: the pending signatures whose link still works are read by
    `created_at`, however many older signatures the table holds."""
    long_ago = timezone.now() - timedelta(days=60)
    ConfirmedSignatureFactory.create_batch(300, petition=petition, created_at=long_ago)
    PendingSignatureFactory.create_batch(20, petition=petition, email_failed=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petition_signature")
    with CaptureQueriesContext(connection) as captured:
        assert services.confirmations_resend() == 20
    (statement,) = [q["sql"] for q in captured.captured_queries if "'failed'" in q["sql"]]
    sql = statement[statement.index("SELECT") :]  # read through a cursor: DECLARE … FOR SELECT …

    assert "signature_created" in plan(sql), plan(sql)


def test_no_index_of_the_signature_table_leads_with_its_state():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Signature._meta.db_table)

    leading = {
        name: info["columns"][0] for name, info in constraints.items() if info["index"] and info["columns"]
    }

    assert "state" not in leading.values()


def test_a_count_refresh_reads_only_the_index_range_since_the_tally_mark(petition):
    ConfirmedSignatureFactory.create_batch(
        300, petition=petition, confirmed_at=timezone.now() - timedelta(days=2)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petition_signature")
    counts.advance_tally(petition, now=timezone.now() - timedelta(days=1))
    ConfirmedSignatureFactory(petition=petition)
    with CaptureQueriesContext(connection) as captured:
        counts.advance_tally(petition)
    (read,) = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    shown = plan(read)
    assert "signature_confirmed_since" in shown, shown
    assert "Seq Scan" not in shown, shown
