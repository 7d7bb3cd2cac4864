"""`manage.py db_worker`: django-tasks-db's worker, claiming each task by the queue's index.

The worker claims a task with `SELECT … ORDER BY priority, run_after, enqueued_at
LIMIT 1 FOR UPDATE SKIP LOCKED`. Its partial index (the ready tasks, in that order)
answers that by reading the head of the queue. But when PostgreSQL's statistics of the
table were gathered while the queue was empty (a quiet hour, or autovacuum lagging or
turned off), the planner believes few tasks are ready and prefers a bitmap scan of
every ready task (or an index scan of every task of the backend) and a sort: 5–25 ms
per claim with a few thousand queued in a surge, growing as the queue grows, in a
backend that competes with the signing for the CPU. With bitmap scans and sorts
turned down for the worker's own connections the ordered index scan is the one cheap
plan left, whatever the statistics say. PostgreSQL still sorts where nothing else can
answer; the worker's other statements read rows by primary key, in the order of an
index, or a whole table into a hash aggregate.
"""

from contextlib import contextmanager

from django.db import connections
from django.db.backends.signals import connection_created
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

PLANNER_SETTINGS = {"enable_bitmapscan": "off", "enable_sort": "off"}


def _apply(connection, settings):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET {name} = {value}")


def _on_connect(sender, connection, **kwargs):
    _apply(connection, PLANNER_SETTINGS)


@contextmanager
def queue_planner():
    """The worker's planner settings on every database connection opened meanwhile."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _apply(connection, PLANNER_SETTINGS)
    connection_created.connect(_on_connect)
    try:
        yield
    finally:
        connection_created.disconnect(_on_connect)
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                _apply(connection, dict.fromkeys(PLANNER_SETTINGS, "DEFAULT"))


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help

    def handle(self, *args, **options):
        with queue_planner():
            return super().handle(*args, **options)
