"""`manage.py db_worker`: django-tasks-db's worker, with a lease on each task it runs,
claiming each task by the queue's index, queueing the periodic jobs when their turn comes.

A task whose worker died is returned to the queue once its lease
(TASKS_LEASE_SECONDS) runs out, by exactly one worker; a running task's `started_at`
is when its worker was last known alive. docs/architecture.md (The task worker) says
how the lease and the claim work and why.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.db.backends.signals import connection_created
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from core.schedule import enqueue_due, seconds_between_checks

logger = logging.getLogger(__name__)

PLANNER_SETTINGS = {"enable_bitmapscan": "off", "enable_sort": "off"}

# The worker's own commits (claims, "sent" marks, task results) do not wait for the WAL to
# reach the disk: every task is safe to run twice, so a crash of PostgreSQL that loses
# their last fraction of a second runs those tasks again, and nothing a visitor sent is
# lost (a request's commit, a signature with its email task, still waits). Four commits
# an email no longer take turns at the disk with the signing.
WORKER_SESSION = {"synchronous_commit": "off"}

# Claims after which a task whose lease runs out again is failed, not returned.
MAX_CLAIMS = 5


class WorkerLost(Exception):
    """Recorded on a task failed because every worker that ran it stopped before it finished."""


def plan_claim_from_the_head(connection):
    """PLANNER_SETTINGS for the rest of this transaction only (`set_config(…, true)`, as
    SET LOCAL): a claim is read from the head of the queue's index, while the tasks the
    worker runs plan their own queries as any request does. (Set for the whole session,
    `enable_sort = off` made a task's `.first()` on the signature table walk its
    `created_at` index back through every newer signature to find one by its id.) One
    round trip; it holds behind a transaction pooler too."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(PLANNER_SETTINGS)),
            [word for pair in PLANNER_SETTINGS.items() for word in pair],
        )


_library_get_locked = DBTaskResultQuerySet.get_locked


def _get_locked_from_the_head(queryset):
    # django-tasks-db claims inside its own transaction: the settings end with it.
    connection = connections[queryset.db]
    if connection.in_atomic_block:
        plan_claim_from_the_head(connection)
    return _library_get_locked(queryset)


@contextmanager
def queue_planner():
    """While the worker runs, each claim is planned with PLANNER_SETTINGS, within its own
    transaction."""
    DBTaskResultQuerySet.get_locked = _get_locked_from_the_head
    try:
        yield
    finally:
        DBTaskResultQuerySet.get_locked = _library_get_locked


def _set_session(connection, values):
    # Behind a transaction pooler a session's SET would stay on a server connection that
    # other clients get next: there the worker goes without (docs/deploy.md, section 9).
    if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"SET {name} = {value}")


def _on_connect(sender, connection, **kwargs):
    _set_session(connection, WORKER_SESSION)


@contextmanager
def worker_session():
    """WORKER_SESSION on every connection the worker uses meanwhile (its threads' too),
    and the defaults back on the ones it found open."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _set_session(connection, WORKER_SESSION)
    connection_created.connect(_on_connect)
    try:
        yield
    finally:
        connection_created.disconnect(_on_connect)
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                _set_session(connection, dict.fromkeys(WORKER_SESSION, "DEFAULT"))


def reclaim_expired_tasks(backend_name="default"):
    """Return to the queue each RUNNING task of `backend_name` whose lease has run out.

    Returns how many went back. Each goes back with one conditional UPDATE (still
    RUNNING, still the `started_at` read): of two workers reclaiming at once one wins,
    and a lease renewed meanwhile is left alone.
    """
    now = timezone.now()
    expired = DBTaskResult.objects.filter(
        backend_name=backend_name,
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.TASKS_LEASE_SECONDS),
    ).values_list("pk", "started_at", "worker_ids", "task_path")
    returned = 0
    for pk, started_at, worker_ids, task_path in expired:
        unchanged = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
        if len(worker_ids) >= MAX_CLAIMS:
            if unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{len(worker_ids)} workers stopped while running this task; it is not run again.",
            ):
                logger.error("Task %s (%s) failed: its workers kept stopping", pk, task_path)
        elif unchanged.update(status=TaskResultStatus.READY):
            returned += 1
            logger.warning("Task %s (%s) back in the queue: its worker stopped during it", pk, task_path)
    return returned


class LeaseKeeper:
    """Every third of a lease, in a thread of the worker: renews the lease of the task the
    worker is running, and returns to the queue the tasks of workers that died."""

    def __init__(self, backend_name):
        self.backend_name = backend_name
        self.period = settings.TASKS_LEASE_SECONDS / 3
        self.current = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-leases", daemon=True)

    def started(self, sender, task_result, **kwargs):
        self.current = task_result.id

    def finished(self, sender, task_result, **kwargs):
        self.current = None

    def renew(self):
        if self.current is not None:
            DBTaskResult.objects.filter(pk=self.current, status=TaskResultStatus.RUNNING).update(
                started_at=timezone.now()
            )

    def start(self):
        task_started.connect(self.started)
        task_finished.connect(self.finished)
        self._thread.start()

    def stop(self):
        task_started.disconnect(self.started)
        task_finished.disconnect(self.finished)
        self._stopped.set()
        self._thread.join(timeout=10)

    def _run(self):
        try:
            while not self._stopped.wait(self.period):
                close_old_connections()
                try:
                    self.renew()
                    reclaim_expired_tasks(self.backend_name)
                except DatabaseError:
                    # The database is away for a moment: the next round tries again.
                    logger.exception("Could not renew or reclaim task leases")
        finally:
            connections.close_all()


PRESSURE_FILE = "/proc/pressure/cpu"


def cpu_stall_microseconds(path=PRESSURE_FILE):
    """Linux's count (PSI) of the microseconds in which some runnable task waited for a
    CPU, since boot; None where the kernel does not keep it."""
    try:
        with open(path) as pressure:
            first = pressure.readline().split()
    except OSError:
        return None
    return int(first[-1].partition("=")[2]) if first and first[0] == "some" else None


class Yielder:
    """Between two tasks, while the CPUs are contended, the worker pauses: when some
    runnable task waited for a CPU more than TASKS_YIELD_PRESSURE percent of the time
    over the last half second or more (WINDOW), it sleeps four times as long as the task
    it just ran took (at most TASKS_YIELD_MAX_SECONDS), so it takes at most a fifth of a
    core from the pages and the signing in a surge, and catches up once the surge is
    over. Idle CPU priority alone did not keep it off: on a 2-core virtual machine a
    worker with a queue to work through still took 0.6 of a core beside a signing burst
    (bench/README.md). Off with TASKS_YIELD_PRESSURE=0, or where the kernel keeps no
    pressure figures."""

    # Pressure read over a window this long at least: over one task of a few milliseconds
    # one other process waking up reads as contention, and the worker paused for nothing.
    WINDOW = 0.5

    def __init__(self, percent=None, max_seconds=None, stalls=cpu_stall_microseconds, sleep=time.sleep):
        percent = settings.TASKS_YIELD_PRESSURE if percent is None else percent
        self.threshold = percent / 100
        self.max_seconds = settings.TASKS_YIELD_MAX_SECONDS if max_seconds is None else max_seconds
        self._stalls, self._sleep = stalls, sleep
        self._mark = self._read()
        self._started = None
        self.pressure = 0.0

    def _read(self):
        stalled = self._stalls()
        return None if stalled is None else (stalled, time.monotonic())

    def started(self, sender, **kwargs):
        self._started = time.monotonic()

    def finished(self, sender, **kwargs):
        if not self.threshold or self._mark is None or self._started is None:
            return
        took = time.monotonic() - self._started
        now = self._read()
        (stalled_before, before), (stalled, at) = self._mark, now
        if at - before >= self.WINDOW:
            self.pressure = (stalled - stalled_before) / 1e6 / (at - before)
            self._mark = now
        if self.pressure > self.threshold:
            self._sleep(min(self.max_seconds, 4 * took))

    def start(self):
        task_started.connect(self.started)
        task_finished.connect(self.finished)

    def stop(self):
        task_started.disconnect(self.started)
        task_finished.disconnect(self.finished)


class Scheduler:
    """In a thread of the worker: queues the periodic jobs (core/schedule.py) when their
    turn comes, so the dashboard's figures and the digest need no cron."""

    def __init__(self):
        self.period = seconds_between_checks()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-schedule", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stopped.set()
        self._thread.join(timeout=10)

    def _run(self):
        try:
            while True:
                close_old_connections()
                try:
                    enqueue_due()
                except DatabaseError:
                    logger.exception("Could not queue the periodic jobs")
                if self._stopped.wait(self.period):
                    break
        finally:
            connections.close_all()


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not queue the periodic jobs (PERIODIC_TASKS): another worker, or cron, does.",
        )

    def handle(self, *args, **options):
        with queue_planner(), worker_session():
            reclaim_expired_tasks(options["backend_name"])
            leases = LeaseKeeper(options["backend_name"])
            leases.start()
            yielder = Yielder()
            yielder.start()
            scheduler = None
            if settings.TASKS_SCHEDULE and not options["no_schedule"]:
                if options.get("batch"):
                    # One pass (cron, tests): queue what is due, then run everything queued,
                    # in this thread: nothing writes beside the tasks it runs.
                    enqueue_due()
                else:
                    scheduler = Scheduler()
                    scheduler.start()
            try:
                return super().handle(*args, **options)
            finally:
                if scheduler is not None:
                    scheduler.stop()
                yielder.stop()
                leases.stop()
