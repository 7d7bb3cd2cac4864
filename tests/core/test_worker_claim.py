"""The task worker claims the head of its queue by index, whatever PostgreSQL's statistics say.

Statistics gathered while the queue was empty say a ready task is rare; a surge then
queues thousands of emails in minutes. The planner then preferred a bitmap scan of every
ready task and a sort for each claim (5–25 ms, growing with the queue) over reading the
head of the queue's index.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.compat import task_started
from django_tasks_db.models import DBTaskResult

from core.management.commands.db_worker import plan_claim_from_the_head
from petition import tasks
from petition.models import Signature
from tests.factories import PendingSignatureFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
    # The worker commits as it goes and checks its connection between tasks, as in production.
    pytest.mark.django_db(transaction=True),
]

QUEUE_INDEX = "tasks_db_new_ordering_idx"


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.fixture
def surge(settings, petition, mailoutbox):
    """An empty queue's statistics, then hundreds of confirmation emails queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE django_tasks_database_dbtaskresult")
    for signature in PendingSignatureFactory.create_batch(400, petition=petition):
        tasks.send_confirmation.enqueue(signature.pk, 1)


def run_worker_once():
    """`manage.py db_worker` for one task; the statements it sent, as sent."""
    with CaptureQueriesContext(connection) as captured:
        call_command(
            "db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", "--no-schedule", verbosity=0
        )
        claims = [q["sql"] for q in captured.captured_queries if "SKIP LOCKED" in q["sql"]]
    return claims


def test_the_worker_claims_a_task_from_the_head_of_the_queue_index(surge, mailoutbox):
    claims = run_worker_once()

    assert len(mailoutbox) == 1
    assert len(claims) == 1
    with transaction.atomic():  # planned as the worker plans its claim, in its transaction
        plan_claim_from_the_head(connection)
        worker_plan = plan(claims[0])
    assert f"Index Scan using {QUEUE_INDEX}" in worker_plan, worker_plan
    assert "Bitmap" not in worker_plan and "Sort" not in worker_plan, worker_plan


def test_without_the_worker_settings_the_planner_would_sort_the_whole_queue(surge):
    """The case the worker's settings exist for: if this starts to fail, PostgreSQL
    plans the claim well on its own and campaign's db_worker can go."""
    (claim,) = run_worker_once()

    assert "Sort" in plan(claim) or "Bitmap" in plan(claim)


def test_the_worker_leaves_the_planner_settings_as_it_found_them(surge):
    run_worker_once()

    assert setting("enable_bitmapscan") == "on"
    assert setting("enable_sort") == "on"
    assert setting("synchronous_commit") == "on"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_the_tasks_the_worker_runs_plan_their_queries_as_any_request(surge, mailoutbox):
    """The claim's settings end with its transaction. For the whole session they had made
    each confirmation's lookup of its signature walk the `created_at` index back through
    every newer signature: ~10 ms of the database's CPU per email, growing with the queue."""
    seen = []

    def during_the_task(sender, task_result, **kwargs):
        # The task's own lookup (petition.tasks.send_confirmation), planned as the task runs it.
        signature_id = task_result.args[0]
        lookup = Signature.objects.select_related("petition").pending().filter(pk=signature_id)
        seen.append((setting("enable_sort"), setting("synchronous_commit"), lookup[:1].explain()))

    task_started.connect(during_the_task)
    try:
        call_command(
            "db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", "--no-schedule", verbosity=0
        )
    finally:
        task_started.disconnect(during_the_task)
    ((sort, synchronous_commit, lookup_plan),) = seen
    assert sort == "on"
    assert "petition_signature_pkey" in lookup_plan and "signature_created" not in lookup_plan, lookup_plan
    # Its own commits do not wait for the disk (every task is safe to run twice).
    assert synchronous_commit == "off"
