"""Queueing a task with the transaction that asked for it, and queueing it again later.

A task queued for a row that is then rolled back must never run, and one queued for a
committed row must never be lost. A task that failed for a reason that may pass is
retried with an exponential back-off.
"""

import json
import logging
import os
import time
import uuid
from datetime import timedelta

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db import DatabaseBackend

from core.db import PendingInsert, insert
from core.emails import TRANSIENT_MAILER_ERRORS, describe_error

logger = logging.getLogger(__name__)
tasks_logger = logging.getLogger("django.tasks")


def time_ordered_uuid():
    """A task's id: a UUID of version 7 (RFC 9562), the milliseconds since 1970 first, then
    74 random bits. Queued one after the other, tasks' ids land side by side at the end of
    the queue's primary key instead of on a random page of it: with random (version 4)
    ids, each signing's commit wrote a full image of some far page of that index into
    the write-ahead log, and the log's flush is what every signature waits on."""
    value = (time.time_ns() // 1_000_000 & (1 << 48) - 1) << 80 | int.from_bytes(os.urandom(10))
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # the RFC's variant
    return uuid.UUID(int=value)


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` with the current transaction: inside it when the queue is a table of
    the same database (the row and its task commit together), else once it commits."""
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        _queue_row(backend, task, args, kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def _task_row(backend, task, args, kwargs):
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 - a model: not before the apps load

    backend.validate_task(task)
    return DBTaskResult(
        id=backend._get_id(),
        args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )


def _queue_row(backend, task, args, kwargs):
    """The task's row, as DatabaseBackend.enqueue() writes it, inserted with its SQL
    compiled once (core.db.insert). enqueue() also builds a TaskResult for the
    `task_enqueued` signal, whose one receiver is Django's debug log line: a tenth of a
    signature's CPU. Nothing here listens to it; the line is logged here."""
    row = insert(_task_row(backend, task, args, kwargs))
    _log_queued(row, task)


def _log_queued(row, task):
    tasks_logger.debug("Task id=%s path=%s enqueued backend=%s", row.id, task.module_path, row.backend_name)


def insert_queueing(obj, task, *args):
    """Insert the new `obj` and queue `task(obj.pk, *args)` with it: both or neither.

    On PostgreSQL, with the queue a table of the same database and no transaction open,
    both rows go in one statement (the row's INSERT in a WITH, the task's taking the new
    primary key from it): no BEGIN, no COMMIT, no second round trip, and no connection
    left idle in a transaction while Python works between them. Otherwise in one
    transaction, as enqueue_on_commit() queues.
    """
    backend = task.get_backend()
    using = router.db_for_write(type(obj), instance=obj)
    connection = connections[using]
    if (
        not isinstance(backend, DatabaseBackend)
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or obj._meta.parents
        or obj._meta.order_with_respect_to
    ):
        with transaction.atomic(using=using):
            insert(obj, using=using)
            enqueue_on_commit(task, obj.pk, *args)
        return obj
    pending = PendingInsert(obj, using)
    row = _task_row(backend, task, (None, *args), {})  # its first argument: the new row's key
    one_statement = (
        pending.sql is not None
        and obj._meta.pk in pending.returning  # the WITH gives the task the new key
        and router.db_for_write(type(row), instance=row) == using
    )
    queued = PendingInsert(row, using) if one_statement else None
    if queued is None or queued.sql is None:
        with transaction.atomic(using=using):
            pending.run()
            enqueue_on_commit(task, obj.pk, *args)
        return obj
    params = list(pending.params)
    for field, param in zip(queued.fields, queued.params, strict=True):
        if field.name == "args_kwargs":
            params += [json.dumps(normalize_json(list(args))), "{}"]
        else:
            params.append(param)
    with transaction.mark_for_rollback_on_error(using=using), connection.cursor() as cursor:
        cursor.execute(_insert_with_task_sql(pending, queued, connection), params)
        pending.returned(cursor.fetchone())
    row.args_kwargs = normalize_json({"args": (obj.pk, *args), "kwargs": {}})
    pending.saved()
    queued.saved()
    _log_queued(row, task)
    return obj


def _insert_with_task_sql(pending, queued, connection):
    """One statement: `pending`'s kept INSERT in a WITH, and the task row's INSERT taking
    its arguments' first value from the new row's primary key."""
    quote = connection.ops.quote_name
    new_pk = f"{quote('new_row')}.{quote(pending.obj._meta.pk.column)}"
    values = [
        f"jsonb_build_object('args', jsonb_build_array({new_pk}) || %s::jsonb, 'kwargs', %s::jsonb)"
        if field.name == "args_kwargs"
        else "%s"
        for field in queued.fields
    ]
    columns = ", ".join(quote(field.column) for field in queued.fields)
    table = quote(queued.obj._meta.db_table)
    # Every name comes from the models; every value is a parameter.
    return (
        f"WITH {quote('new_row')} AS ({pending.sql}), "  # noqa: S608
        f"{quote('new_task')} AS (INSERT INTO {table} ({columns}) "
        f"SELECT {', '.join(values)} FROM {quote('new_row')}) "
        f"SELECT * FROM {quote('new_row')}"
    )


# A task that failed for a reason that may pass (a mail server down) is queued again
# after 1, 2, 4 … 128 minutes: eight attempts over about four hours.
MAX_ATTEMPTS = 8


def backoff(attempt):
    """Delay before attempt number `attempt + 1` (attempts count from 0)."""
    return timedelta(minutes=2**attempt)


def retry_later(task, attempt, *args):
    """Queue `task` again after its back-off, with `attempt + 1`. False when the backend
    cannot run a task later (the immediate one) or the attempts are used up."""
    if attempt + 1 >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
        return False
    task.using(run_after=timezone.now() + backoff(attempt)).enqueue(*args, attempt=attempt + 1)
    return True


def email_failed(exc, *, task, attempt, args, about):
    """After an email task's failure: queue `task` again with `args` when the failure may
    pass (the mail server down or slow; not an address it cannot take), and log it naming
    `about` (a record, never an address). Returns (the error as it may be stored, whether
    the task was queued again). The caller records the error, and raises `exc` again when
    it is not the mailer's (core.emails.MAILER_ERRORS): a bug must not look like a bounce."""
    error = describe_error(exc)
    retried = isinstance(exc, TRANSIENT_MAILER_ERRORS) and retry_later(task, attempt, *args)
    logger.warning(
        "Email about %s failed (attempt %s, %s): %s",
        about,
        attempt + 1,
        "retrying" if retried else "giving up",
        error,
    )
    return error, retried
