"""The periodic jobs the task worker queues by itself (PERIODIC_TASKS in settings).

Each job is a task, named by its dotted path (core imports no app of ours), queued
either every `every` seconds or once a day at `at` (local time, "HH:MM", within
AT_WINDOW after it: a worker started in the afternoon does not send the morning's
digest). Each period's turn is taken once across every worker sharing the cache; every
task scheduled here is safe to run twice, so a cache that forgets costs a repeat, not
a fault.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

AT_WINDOW = timedelta(hours=6)


def due_turn(job, now):
    """The name of `job`'s turn due at `now` (aware), or None when none is."""
    if job.get("every"):
        return f"{job['name']}:{int(now.timestamp() // job['every'])}"
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in job["at"].split(":"))
    start = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if timedelta(0) <= local - start < AT_WINDOW:
        return f"{job['name']}:{local.date().isoformat()}"
    return None


def turn_taken(turn, seconds):
    """True for the first worker to claim `turn` (in the shared cache)."""
    return cache.add(f"schedule:{turn}", 1, timeout=seconds)


def enqueue_due(now=None, jobs=None):
    """Queue every job whose turn has come and was not taken; returns their turns."""
    now = now or timezone.now()
    queued = []
    for job in settings.PERIODIC_TASKS if jobs is None else jobs:
        turn = due_turn(job, now)
        if turn is None or not turn_taken(turn, int(job.get("every") or AT_WINDOW.total_seconds()) * 2):
            continue
        import_string(job["task"]).enqueue(**job.get("kwargs", {}))
        logger.info("Queued the periodic job %s", turn)
        queued.append(turn)
    return queued


def seconds_between_checks(jobs=None):
    """How often the worker looks: often enough for the most frequent job, at most a minute."""
    jobs = settings.PERIODIC_TASKS if jobs is None else jobs
    periods = [job["every"] for job in jobs if job.get("every")]
    return max(1.0, min([60.0, *(period / 4 for period in periods)]))
