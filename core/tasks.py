"""Queueing a task with the transaction that asked for it.

A task queued for a row that is then rolled back must never run, and one queued for a
committed row must never be lost.
"""

from django.db import transaction


def _database_backend(task):
    return type(task.get_backend()).__module__.startswith("django_tasks_db")


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` with the current transaction: inside it when the queue is a table of
    the same database (the row and its task commit together), else once it commits."""
    if _database_backend(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
