"""Keep PostgreSQL's picture of the task queue current (PostgreSQL only).

A queue table changes character within seconds: empty in a quiet hour, thousands
of emails waiting in a surge. With statistics from the quiet hour, PostgreSQL
fetched every waiting task and sorted them for each one the worker claimed
(23 ms per claim at 3,000 queued, measured), so the worker fell further behind
the longer a surge went on. With current statistics the same claim reads the
first row of the queue's ordering index. Autovacuum analyses and vacuums this
table after every 1,000 changed rows instead of after a fifth of the table, and
clears the dead rows each claimed task leaves behind.

The signature table gets the same analysis threshold: its counts and pending
rows move as quickly in a surge.
"""

from django.db import migrations

TABLES = {
    "django_tasks_database_dbtaskresult": {
        "autovacuum_vacuum_scale_factor": 0,
        "autovacuum_vacuum_threshold": 1000,
        "autovacuum_analyze_scale_factor": 0,
        "autovacuum_analyze_threshold": 1000,
    },
    "petition_signature": {
        "autovacuum_analyze_scale_factor": 0,
        "autovacuum_analyze_threshold": 5000,
    },
}


def tune(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, options in TABLES.items():
        settings = ", ".join(f"{name} = {value}" for name, value in options.items())
        schema_editor.execute(f"ALTER TABLE {table} SET ({settings})")


def untune(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, options in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} RESET ({', '.join(options)})")


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0003_campaign_pages"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("petition", "0006_signature_indexes_by_primary_key"),
    ]

    operations = [migrations.RunPython(tune, untune, elidable=False)]
