"""Database helpers shared by the apps' maintenance verbs."""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

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
