"""The shown counts: cached, recounted by the worker, never a count per page view."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from petition import counts
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db


def test_only_confirmed_signatures_count_by_country(petition):
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="HK")
    ConfirmedSignatureFactory(petition=petition, country="GB")
    PendingSignatureFactory(petition=petition, country="HK")
    result = counts.petition_counts(petition)
    assert result.total == 3
    assert result.by_country == {"HK": 2, "GB": 1}


def test_fresh_counts_are_read_from_the_cache_without_a_query(petition, settings, django_assert_num_queries):
    settings.COUNTS_REFRESH_SECONDS = 60
    counts.petition_counts(petition)
    with django_assert_num_queries(0):
        counts.petition_counts(petition)


@pytest.fixture
def queued_counts(petition, settings):
    """Counts kept by the task worker (a database queue), refreshed every 5 s."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.COUNTS_REFRESH_SECONDS = 5
    counts.refresh_counts(petition)


def counted_seconds_ago(petition, seconds):
    key = counts._key(petition.pk)
    shown = counts.cache.get(key)
    counts.cache.set(key, replace(shown, updated=shown.updated - timedelta(seconds=seconds)))


def test_stale_counts_are_served_while_the_worker_recounts(
    petition, queued_counts, django_assert_num_queries
):
    ConfirmedSignatureFactory(petition=petition)
    counted_seconds_ago(petition, 10)

    with django_assert_num_queries(1):  # the task is queued; nothing is counted
        shown = counts.petition_counts(petition)
    assert shown.total == 0
    assert DBTaskResult.objects.count() == 1
    assert counts.petition_counts(petition).total == 0, "one recount at a time"

    counts.refresh_counts_task.call(petition.pk)
    assert counts.petition_counts(petition).total == 1


def test_a_stopped_worker_does_not_freeze_the_counts(petition, queued_counts):
    ConfirmedSignatureFactory(petition=petition)
    counted_seconds_ago(petition, 3600)
    assert counts.petition_counts(petition).total == 1


def test_a_count_refresh_is_queued_ahead_of_the_emails(petition, queued_counts):
    """In a surge thousands of emails wait in the queue: the counts must not wait behind them."""
    counted_seconds_ago(petition, 10)
    counts.petition_counts(petition)
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("refresh_counts_task")
    assert task.priority == counts.COUNTS_TASK_PRIORITY > 0  # emails are queued at 0
