"""The task worker queues the periodic jobs by itself: the dashboard needs no cron."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import schedule
from core.schedule import due_turn, enqueue_due, seconds_between_checks
from dashboard.models import PetitionStats
from tests.factories import ConfirmedSignatureFactory, PetitionFactory

EVERY = {"name": "often", "task": "dashboard.tasks.refresh_stats", "every": 300}
MORNING = {"name": "morning", "task": "dashboard.tasks.queue_digests", "at": "07:00"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def at(hour, minute=0, day=4):
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo("UTC"))


def test_a_job_every_few_minutes_has_one_turn_per_period():
    assert due_turn(EVERY, at(10, 0)) == due_turn(EVERY, at(10, 4))
    assert due_turn(EVERY, at(10, 4)) != due_turn(EVERY, at(10, 5))


def test_a_daily_job_is_due_from_its_time_for_a_few_hours_once_a_day(settings):
    settings.TIME_ZONE = "UTC"
    assert due_turn(MORNING, at(6, 59)) is None
    assert due_turn(MORNING, at(7, 0)) == due_turn(MORNING, at(12, 59)) == "morning:2026-12-04"
    assert due_turn(MORNING, at(13, 0)) is None, "a worker started in the afternoon sends no morning digest"
    assert due_turn(MORNING, at(7, 0, day=5)) == "morning:2026-12-05"


@pytest.mark.django_db
def test_each_turn_is_queued_once_however_many_workers_look(petition):
    ConfirmedSignatureFactory(petition=petition)
    first = enqueue_due(jobs=[EVERY], now=at(10, 0))
    again = enqueue_due(jobs=[EVERY], now=at(10, 1))
    assert first == [due_turn(EVERY, at(10, 0))] and again == []
    assert PetitionStats.objects.get(petition=petition).refreshed_at is not None, (
        "the task ran (immediate backend)"
    )
    assert enqueue_due(jobs=[EVERY], now=at(10, 5)) == [due_turn(EVERY, at(10, 5))]


def test_the_worker_looks_often_enough_for_its_most_frequent_job():
    assert seconds_between_checks([EVERY]) == 60
    assert seconds_between_checks([{**EVERY, "every": 20}]) == 5
    assert seconds_between_checks([MORNING]) == 60


def test_the_dashboard_and_the_digest_are_scheduled_by_default(settings):
    tasks = {job["task"] for job in settings.PERIODIC_TASKS}
    assert {"dashboard.tasks.refresh_stats", "dashboard.tasks.queue_digests"} <= tasks
    assert settings.TASKS_SCHEDULE is True


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_a_started_worker_brings_the_dashboard_up_to_date_without_cron(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Both workers within one period of every job, whatever the clock and however slow the
    # machine: noon, local time, outside the daily jobs' windows.
    noon = timezone.make_aware(datetime(2026, 6, 1, 12, 0))
    monkeypatch.setattr(schedule, "timezone", SimpleNamespace(now=lambda: noon, localtime=timezone.localtime))
    petition = PetitionFactory(is_current=True)
    ConfirmedSignatureFactory.create_batch(2, petition=petition)

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    queued = DBTaskResult.objects.filter(task_path="dashboard.tasks.refresh_stats")
    assert queued.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert PetitionStats.objects.get(petition=petition).refreshed_at is not None
    assert queued.count() == 1, "the second worker in the same period queued nothing more"


@pytest.mark.django_db(transaction=True)
def test_a_worker_told_not_to_schedule_queues_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-schedule", verbosity=0)
    settings.TASKS_SCHEDULE = False
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert not DBTaskResult.objects.exists()
