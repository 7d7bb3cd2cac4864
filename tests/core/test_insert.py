"""core.db.insert: a new row stored as Model.save() stores it, with the INSERT compiled once.

The signing path inserts a signature and its email's task with it: what it writes must be
exactly what save() would, the same signals must fire, and a failure must leave the
transaction as save()'s would.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import signals
from django.db.models.functions import Now
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from core import db
from core.crypto import EncryptedMixin
from core.tasks import enqueue_on_commit, insert_queueing
from petition import tasks
from petition.models import Petition, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return Petition.objects.create(slug="free-them", title="Free them", is_current=True)


def signature(petition, n=1, **fields):
    now = timezone.now()
    given = {
        "petition": petition,
        "name": f"Chan Tai Man {n}",
        "email": f"signer{n}@example.org",
        "email_canonical": f"canonical-{n}",
        "email_domain": "example.org",
        "country": "HK",
        "display": Signature.Display.FULL,
        "consent_public_at": now,
        "created_at": now,
    }
    return Signature(**{**given, **fields})


def stored(model, pk):
    """Every column of the row as the database holds it (encrypted ones as stored)."""
    with connection.cursor() as cursor:
        key = model._meta.pk.get_db_prep_value(pk, connection)
        cursor.execute(f"SELECT * FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s", [key])  # noqa: S608
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def comparable(model, row):
    """A row with its encrypted columns decrypted (their ciphertext differs at every save)."""
    out = dict(row)
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedMixin):
            out[field.column] = field.from_db_value(row[field.column], None, connection)
    return out


def test_a_signature_inserted_holds_what_save_would_have_stored(petition):
    by_save = signature(petition, 1)
    by_save.save(force_insert=True)
    by_insert = db.insert(signature(petition, 2))

    assert by_insert.pk is not None and by_insert.pk != by_save.pk
    assert not by_insert._state.adding and by_insert._state.db == "default"
    one, two = (comparable(Signature, stored(Signature, s.pk)) for s in (by_save, by_insert))
    differ = {k for k in one if one[k] != two[k]}
    assert differ == {"id", "name", "email", "email_canonical", "created_at", "consent_public_at"}
    assert two["name"] == "Chan Tai Man 2" and two["email"] == "signer2@example.org"
    # The database's defaults come back as save() sets them.
    assert by_insert.email_state == by_save.email_state
    assert Signature.objects.get(pk=by_insert.pk).name == "Chan Tai Man 2"


def test_the_insert_is_compiled_once_and_runs_as_one_statement(petition):
    db.insert(signature(petition, 1))
    with CaptureQueriesContext(connection) as queries:
        for n in range(2, 5):
            db.insert(signature(petition, n))
    assert len(queries) == 3
    assert len({q["sql"].split(" VALUES ")[0] for q in queries}) == 1
    assert Signature.objects.count() == 4


def test_the_save_signals_fire_once_each_as_for_save(petition):
    seen = []

    def pre(sender, instance, raw, using, update_fields, **kwargs):
        seen.append(("pre_save", instance.pk, raw, using, update_fields))

    def post(sender, instance, created, raw, using, update_fields, **kwargs):
        seen.append(("post_save", instance.pk, created, raw, using, update_fields))

    signals.pre_save.connect(pre, sender=Signature)
    signals.post_save.connect(post, sender=Signature)
    try:
        row = db.insert(signature(petition))
    finally:
        signals.pre_save.disconnect(pre, sender=Signature)
        signals.post_save.disconnect(post, sender=Signature)
    assert seen == [
        ("pre_save", None, False, "default", None),
        ("post_save", row.pk, True, False, "default", None),
    ]


def test_a_value_that_is_an_sql_expression_is_compiled_by_django(petition):
    row = db.insert(signature(petition, confirmed_at=Now()))
    assert isinstance(row.confirmed_at, type(timezone.now()))  # returned by the database
    assert Signature.objects.get(pk=row.pk).confirmed_at == row.confirmed_at


def test_a_duplicate_fails_as_with_save_and_the_transaction_can_go_on_after_a_savepoint(petition):
    db.insert(signature(petition, 1))
    duplicate = signature(petition, 2, email_canonical="canonical-1")
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            db.insert(duplicate)
        assert Signature.objects.count() == 1
    assert duplicate._state.adding


def test_a_failure_in_an_atomic_block_marks_it_for_rollback(petition):
    db.insert(signature(petition, 1))
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            db.insert(signature(petition, 2, email_canonical="canonical-1"))
        assert transaction.get_rollback()
        with pytest.raises(TransactionManagementError):  # the broken transaction refuses any query
            Signature.objects.count()
    assert Signature.objects.count() == 1


def test_a_task_queued_with_the_transaction_is_the_row_task_enqueue_writes(petition, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    by_library = tasks.send_confirmation.enqueue(41, 1)
    with transaction.atomic():
        enqueue_on_commit(tasks.send_confirmation, 42, 1)
    ours = DBTaskResult.objects.exclude(pk=by_library.id).get()
    theirs = DBTaskResult.objects.get(pk=by_library.id)
    one, two = stored(DBTaskResult, theirs.pk), stored(DBTaskResult, ours.pk)
    assert {k for k in one if one[k] != two[k]} == {"id", "enqueued_at", "args_kwargs"}
    assert ours.args_kwargs == {"args": [42, 1], "kwargs": {}}
    # django-tasks-db's pre_save receiver ran: a task to run now waits for no date.
    assert ours.run_after == get_date_max()
    assert ours.task_result.task.func is tasks.send_confirmation.func


def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_queued(petition, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(tasks.send_confirmation, 42, 1)
        raise RuntimeError("the signature failed")
    assert not DBTaskResult.objects.exists()


# --- A row and its task in one statement (core.tasks.insert_queueing) ----------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="one statement on PostgreSQL only"
)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@on_postgresql
@pytest.mark.django_db(transaction=True)  # outside any transaction, as a request is
def test_a_row_and_its_task_go_in_one_statement(petition, database_queue):
    with CaptureQueriesContext(connection) as queries:
        row = insert_queueing(signature(petition, 1), tasks.send_confirmation, 1)
    assert len(queries) == 1 and queries[0]["sql"].startswith("WITH ")
    assert row.pk == Signature.objects.get().pk and not row._state.adding
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [row.pk, 1], "kwargs": {}}
    assert task.run_after == get_date_max()  # django-tasks-db's pre_save receiver ran
    assert task.task_result.task.func is tasks.send_confirmation.func

    # The same rows as the row inserted and its task queued in a transaction.
    with transaction.atomic():
        other = db.insert(signature(petition, 2))
        enqueue_on_commit(tasks.send_confirmation, other.pk, 1)
    one, two = (comparable(Signature, stored(Signature, s.pk)) for s in (row, other))
    assert {k for k in one if one[k] != two[k]} == {
        "id",
        "name",
        "email",
        "email_canonical",
        "created_at",
        "consent_public_at",
    }
    other_task = DBTaskResult.objects.exclude(pk=task.pk).get()
    one, two = stored(DBTaskResult, task.pk), stored(DBTaskResult, other_task.pk)
    assert {k for k in one if one[k] != two[k]} == {"id", "enqueued_at", "args_kwargs"}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_duplicate_in_one_statement_stores_neither_row_nor_task(petition, database_queue):
    insert_queueing(signature(petition, 1), tasks.send_confirmation, 1)
    with pytest.raises(IntegrityError):
        insert_queueing(signature(petition, 2, email_canonical="canonical-1"), tasks.send_confirmation, 1)
    assert Signature.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert not connection.in_atomic_block and connection.get_autocommit()


@pytest.mark.django_db(transaction=True)
def test_in_an_open_transaction_the_row_and_its_task_roll_back_with_it(petition, database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        row = insert_queueing(signature(petition, 1), tasks.send_confirmation, 1)
        assert DBTaskResult.objects.get().args_kwargs == {"args": [row.pk, 1], "kwargs": {}}
        raise RuntimeError("what came after failed")
    assert not Signature.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_signature_and_its_confirmation_are_stored_together(petition, database_queue):
    from petition import services

    data = {"name": "Chan Tai Man", "email": "Tai.Man@example.org", "country": "HK", "display": "full"}
    with CaptureQueriesContext(connection) as queries:
        made = services.signature_create(petition=petition, data=data, ip="203.0.113.9")
    assert DBTaskResult.objects.get().args_kwargs == {"args": [made.pk, 1], "kwargs": {}}
    if connection.vendor == "postgresql":
        assert len(queries) == 1
    again = services.signature_create(petition=petition, data=data, ip="203.0.113.9")
    assert again.pk == made.pk and Signature.objects.count() == 1
