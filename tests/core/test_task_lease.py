"""A task whose worker died goes back to the queue when its lease runs out, and runs once more, once.

django-tasks-db marks a claimed task RUNNING; a worker killed with SIGKILL (or by the
kernel when out of memory) never marks it again, and no other worker ran it: a
confirmation email that was never sent, for good.
"""

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.management.commands.db_worker import MAX_CLAIMS, LeaseKeeper, reclaim_expired_tasks
from tests.core.lease_tasks import write_down
from tests.processes import wait_for

ROOT = Path(__file__).resolve().parents[2]
RUNNING, READY, SUCCESSFUL, FAILED = "RUNNING", "READY", "SUCCESSFUL", "FAILED"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_LEASE_SECONDS = 600


def left_running(notes, *, seconds_ago, workers=("killed-worker",)):
    """A task a worker claimed `seconds_ago`, and never finished."""
    result = write_down.enqueue(str(notes))
    DBTaskResult.objects.filter(pk=result.id).update(
        status=RUNNING, started_at=timezone.now() - timedelta(seconds=seconds_ago), worker_ids=list(workers)
    )
    return DBTaskResult.objects.get(pk=result.id)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "next-worker", verbosity=0)


def runs(notes):
    return notes.read_text().count("done") if notes.exists() else 0


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_a_task_left_running_past_its_lease_is_run_again_once(database_queue, tmp_path):
    notes = tmp_path / "runs"
    task = left_running(notes, seconds_ago=601)

    run_worker()
    run_worker()

    task.refresh_from_db()
    assert task.status == SUCCESSFUL
    assert task.worker_ids == ["killed-worker", "next-worker"]
    assert runs(notes) == 1


@pytest.mark.django_db
def test_an_expired_task_goes_back_to_the_queue_once_whoever_asks(database_queue, tmp_path):
    task = left_running(tmp_path / "runs", seconds_ago=601)

    assert reclaim_expired_tasks() == 1
    assert reclaim_expired_tasks() == 0, "a second worker finds nothing to reclaim"
    task.refresh_from_db()
    assert task.status == READY
    assert DBTaskResult.objects.count() == 1, "returned, not copied"


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_a_running_task_within_its_lease_is_left_alone(database_queue, tmp_path):
    notes = tmp_path / "runs"
    task = left_running(notes, seconds_ago=300)

    assert reclaim_expired_tasks() == 0
    run_worker()

    task.refresh_from_db()
    assert task.status == RUNNING
    assert runs(notes) == 0


@pytest.mark.django_db
def test_a_worker_renews_the_lease_of_the_task_it_runs(database_queue, tmp_path):
    task = left_running(tmp_path / "runs", seconds_ago=599, workers=["this-worker"])
    keeper = LeaseKeeper("default")

    keeper.started(sender=None, task_result=SimpleNamespace(id=str(task.pk)))
    keeper.renew()

    task.refresh_from_db()
    assert task.started_at > timezone.now() - timedelta(seconds=60)
    assert reclaim_expired_tasks() == 0
    keeper.finished(sender=None, task_result=None)
    assert keeper.current is None


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_a_task_every_worker_dies_on_is_failed_instead_of_returned(database_queue, tmp_path):
    workers = [f"worker-{n}" for n in range(MAX_CLAIMS)]
    task = left_running(tmp_path / "runs", seconds_ago=601, workers=workers)

    assert reclaim_expired_tasks() == 0
    run_worker()

    task.refresh_from_db()
    assert task.status == FAILED
    assert task.exception_class_path.endswith("WorkerLost")
    assert runs(tmp_path / "runs") == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_workers_reclaiming_at_once_return_each_task_once(database_queue, tmp_path):
    for n in range(20):
        left_running(tmp_path / f"runs-{n}", seconds_ago=601)
    barrier = threading.Barrier(2)
    returned = []

    def worker():
        try:
            barrier.wait(timeout=60)
            returned.append(reclaim_expired_tasks())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sum(returned) == 20, returned
    assert DBTaskResult.objects.filter(status=READY).count() == 20
    assert DBTaskResult.objects.count() == 20


# --- Real workers, one killed with SIGKILL mid-task -----------------------------------------

LEASE_SECONDS = 3


def database_url(tmp_path):
    """The database the worker processes share with this test: PostgreSQL's test database,
    or (SQLite's test database being in memory) a migrated file of the test's own."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        return f"postgres://{user}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


class Workers:
    def __init__(self, tmp_path):
        self.directory = tmp_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(tmp_path),
            "TASKS_BACKEND": "database",
            "TASKS_LEASE_SECONDS": str(LEASE_SECONDS),
            "TASKS_SCHEDULE": "off",  # only the tasks this test queues
        }
        self.processes = []

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def python(self, code):
        return self.manage("shell", "-v", "0", "-c", code)

    def start(self, worker_id):
        log = (self.directory / f"{worker_id}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
            + ["--worker-id", worker_id, "-v", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=60)


@pytest.fixture
def workers(tmp_path):
    group = Workers(tmp_path)
    try:
        yield group
    finally:
        group.stop_all()


ENQUEUE = """
from tests.core.lease_tasks import write_down
write_down.enqueue({notes!r}, hold_first_run=True)
"""
READ_TASK = """
import json
from django_tasks_db.models import DBTaskResult
task = DBTaskResult.objects.get()
print(json.dumps({"status": task.status, "worker_ids": task.worker_ids}))
"""


def read_task(workers):
    return json.loads(workers.python(READ_TASK))


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_it_to_the_next_which_runs_it_exactly_once(workers, tmp_path):
    if connection.vendor != "postgresql":
        workers.manage("migrate", "--noinput")
    notes = tmp_path / "runs"
    workers.python(ENQUEUE.format(notes=str(notes)))

    first = workers.start("first")
    wait_for(lambda: notes.exists() and "start" in notes.read_text(), what="the first run to start")
    first.kill()
    first.wait(timeout=60)
    assert read_task(workers) == {"status": RUNNING, "worker_ids": ["first"]}

    # Two workers at once: only one of them may take the task back.
    workers.start("second")
    workers.start("third")
    wait_for(lambda: "done" in notes.read_text(), what="the task to run again")
    wait_for(lambda: read_task(workers)["status"] == SUCCESSFUL, what="the task to succeed")
    workers.stop_all()

    task = read_task(workers)
    assert task["status"] == SUCCESSFUL
    assert task["worker_ids"][0] == "first" and len(task["worker_ids"]) == 2, task
    assert task["worker_ids"][1] in ("second", "third")
    assert notes.read_text().split() == ["start", "start", "done"], "run once more, and finished once"
