"""The one-row statements of a surge take the primary key, whatever PostgreSQL's statistics say.

Statistics gathered while (almost) every signature was confirmed say a pending one is
rare; a surge then adds thousands in minutes. An index that leads with `state` then
looked cheaper than the primary key to the planner, and each email task and each
confirmation read every pending row.
"""

import pytest
from django.db import connection

from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
    pytest.mark.django_db,
]


def plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def surge(petition):
    """Statistics taken with only confirmed signatures, then a crowd of pending ones."""
    ConfirmedSignatureFactory.create_batch(300, petition=petition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petition_signature")
    return PendingSignatureFactory.create_batch(300, petition=petition)


def test_an_email_task_reads_its_signature_by_primary_key(surge):
    signature = surge[-1]
    query = Signature.objects.filter(
        pk=signature.pk, state=Signature.State.PENDING, confirmation_send_count=0
    ).select_related("petition")
    sql, params = query.query.sql_with_params()

    assert "petition_signature_pkey" in plan(sql, params)


def test_claiming_an_email_and_confirming_update_by_primary_key(surge):
    signature = surge[-1]
    claim = plan(
        "UPDATE petition_signature SET confirmation_send_count = 1 "
        "WHERE id = %s AND state = 'pending' AND confirmation_send_count = 0",
        [signature.pk],
    )
    confirm = plan(
        "UPDATE petition_signature SET state = 'confirmed', confirmed_at = now() "
        "WHERE id = %s AND state = 'pending'",
        [signature.pk],
    )

    assert "petition_signature_pkey" in claim
    assert "petition_signature_pkey" in confirm


def test_no_index_of_the_signature_table_leads_with_its_state():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Signature._meta.db_table)

    leading = {
        name: info["columns"][0] for name, info in constraints.items() if info["index"] and info["columns"]
    }

    assert "state" not in leading.values()
