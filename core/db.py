"""Database helpers shared by the apps' maintenance verbs."""

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import signals, sql

BATCH = 2000


def in_batches(queryset, action, *, batch=BATCH):
    """Run `action(pks)` on the matching rows, `batch` at a time, each batch in its own
    transaction. Returns the sum of what `action` returned (rows changed or deleted)."""
    done = 0
    while True:
        with transaction.atomic():
            pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
            if not pks:
                return done
            done += action(pks)


def update_if_unchanged(model, columns, rows, *, using=DEFAULT_DB_ALIAS):
    """Write new values into rows whose old values still stand, in one statement.

    `rows` holds (pk, old values, new values), the values in the order of `columns`
    (column names). A row someone changed since it was read (a withdrawal erased it)
    keeps what they wrote. Returns how many rows were written. PostgreSQL and SQLite.
    """
    if not rows:
        return 0
    connection = connections[using]
    quote = connection.ops.quote_name
    same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    new = [f"n{i}" for i in range(len(columns))]
    old = [f"o{i}" for i in range(len(columns))]
    row = "(" + ", ".join(["%s"] * (1 + 2 * len(columns))) + ")"
    pairs = list(zip(map(quote, columns), new, old, strict=True))
    # VALUES names its columns column1, column2… in both databases.
    names = ", ".join(f"column{i} AS {name}" for i, name in enumerate(["id", *new, *old], 1))
    assignments = ", ".join(f"{column} = v.{n}" for column, n, _o in pairs)
    unchanged = " AND ".join(f"{table}.{column} {same} v.{o}" for column, _n, o in pairs)
    # Table and column names come from the model; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {assignments} "  # noqa: S608
        f"FROM (SELECT {names} FROM (VALUES {', '.join([row] * len(rows))}) AS given) AS v "
        f"WHERE {table}.{pk} = v.id AND {unchanged}"
    )
    params = [value for key, before, after in rows for value in (key, *after, *before)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# How a model's rows are inserted, per (model, database, primary key given or not): the
# columns, the returned fields and the INSERT's SQL as Django compiles it (see insert()).
_INSERTS = {}


def insert(obj, *, using=None):
    """Insert the new `obj` as obj.save(force_insert=True) does (the same signals, columns
    and values; the database's returned values set on it), with the INSERT's SQL compiled
    by Django once per process instead of at every save.

    For a row inserted on a hot path (a signature, its email's task): building the SQL of
    an INSERT of forty columns cost more CPU than the database spent running it. A row
    with a value the kept SQL cannot hold (an SQL expression, the database's default) is
    compiled by Django as save() does; a model with parents or an order is saved by
    Model.save().
    """
    using = using or router.db_for_write(type(obj), instance=obj)
    if obj._meta.parents or obj._meta.order_with_respect_to:
        obj.save(force_insert=True, using=using)
        return obj
    PendingInsert(obj, using).run()
    return obj


class PendingInsert:
    """A new row's INSERT, prepared as Model.save() prepares it: pre_save sent, the
    primary key's default taken, each field's value from its pre_save(). `sql` and
    `params` are the kept SQL and its values, or None when Django must compile this
    row's. run() inserts it alone; a caller that inserts it in a statement of its own
    calls returned() with what the database returned, then saved()."""

    def __init__(self, obj, using):
        model, meta = type(obj), obj._meta
        self.obj, self.using, self.connection = obj, using, connections[using]
        obj._prepare_related_fields_for_save(operation_name="save")
        signals.pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
        # What Model._save_table does for an insert, in the same order.
        if not obj._is_pk_set(meta):
            setattr(obj, meta.pk.attname, meta.pk.get_pk_value_on_save(obj))
        self.fields, self.returning, self.sql = _insert_plan(obj, self.connection)
        self.values = [field.pre_save(obj, add=True) for field in self.fields]
        self.params = None
        if any(hasattr(value, "resolve_expression") for value in self.values):
            self.sql = None
            self.returning = self.returning + [
                field
                for field, value in zip(self.fields, self.values, strict=True)
                if hasattr(value, "resolve_expression") and field not in self.returning
            ]
        elif self.sql is not None:
            self.params = [
                field.get_db_prep_save(value, connection=self.connection)
                for field, value in zip(self.fields, self.values, strict=True)
            ]

    def run(self):
        """Insert the row on its own (with its kept SQL, else compiled by Django), as save() does."""
        with transaction.mark_for_rollback_on_error(using=self.using):
            if self.sql is None:
                manager = type(self.obj)._base_manager
                rows = manager._insert(
                    [self.obj], fields=self.fields, returning_fields=self.returning, using=self.using
                )
                returned = rows[0] if rows else None
            else:
                with self.connection.cursor() as cursor:
                    cursor.execute(self.sql, self.params)
                    returned = cursor.fetchone() if self.returning else None
            self.returned(returned)
        self.saved()
        return self.obj

    def returned(self, values):
        if values:
            self.obj._assign_returned_values(values, self.returning)

    def saved(self):
        obj = self.obj
        obj._state.db = self.using
        obj._state.adding = False
        signals.post_save.send(
            sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=self.using
        )


def _insert_plan(obj, connection):
    """(fields, returned fields, SQL) of the INSERT of `obj`'s model as Model._save_table
    makes it for a row of plain values, kept for the model's next row. The SQL has one
    parameter per field, or is None when Django must compile each row's."""
    model, meta = type(obj), obj._meta
    pk_set = obj._is_pk_set(meta)
    key = (model, connection.alias, pk_set)
    if key not in _INSERTS:
        fields = [
            f for f in meta.local_concrete_fields if not f.generated and (pk_set or f is not meta.auto_field)
        ]
        returning = list(meta.db_returning_fields)
        if not connection.features.can_return_columns_from_insert:
            returning = [f for f in returning if f not in fields or (pk_set and f is meta.auto_field)]
        cols = [field.get_col(meta.db_table) for field in returning]
        statement = None
        if not any(hasattr(field, "get_placeholder") for field in fields) and not any(
            connection.ops.get_db_converters(col) or col.get_db_converters(connection) for col in cols
        ):
            # Compiled with a model's blank row of plain values: one parameter per field.
            blank = model(**{f.attname: None for f in fields if f.has_db_default() and not f.has_default()})
            query = sql.InsertQuery(model)
            query.insert_values(fields, [blank], raw=True)
            compiler = query.get_compiler(connection=connection)
            compiler.returning_fields = returning or None
            (text, params), *more = compiler.as_sql()
            if not more and len(params) == len(fields):
                statement = text
        _INSERTS[key] = (fields, returning, statement)
    return _INSERTS[key]
